/// What a search chose and the error curves it saw: stored with a cell's tensor measurements and
/// drawn in reports.
public struct SearchReport: Codable, Sendable, Equatable {
    /// `mse` or `output` (`SearchSpec.Objective`).
    public var objective: String
    /// `tensor`, `row` or `channel`.
    public var per: String
    /// Rounds run (fewer than asked when a round changed no choice).
    public var rounds: Int
    /// The objective at the chosen points, as a mean: the tensor's MSE, or the layer output's MSE
    /// over tokens x outputs.
    public var mse: Double
    /// The objective at the starting point, before any step (MinMax for `fp:B`; the last candidate
    /// of each axis for a template): what the search gained over.
    public var startMSE: Double
    /// The searched operands: the tensor (W) and, with `act=same`, the activations.
    public var operands: [SearchOperandReport]

    public init(objective: String, per: String, rounds: Int, mse: Double, startMSE: Double, operands: [SearchOperandReport]) {
        self.objective = objective; self.per = per; self.rounds = rounds; self.mse = mse; self.startMSE = startMSE
        self.operands = operands
    }
}

/// The choices and curves of one operand.
public struct SearchOperandReport: Codable, Sendable, Equatable {
    /// `tensor` or `activations`.
    public var operand: String
    /// Number of groups (1 per tensor, else rows or channels).
    public var groups: Int
    /// Reported parameters (`SearchFamily.parameterNames`).
    public var parameters: [String]
    /// Per parameter, the distinct chosen values (numeric ones sorted by value).
    public var values: [[String]]
    /// Per parameter, each group's choice as an index into `values`.
    public var chosen: [[Int]]
    /// The chosen quantizer's spec when there is one group.
    public var chosenSpec: String?
    /// The last round's error curve of each step.
    public var curves: [SearchCurve]

    /// How many groups chose each value of parameter `p`, in `values` order.
    public func counts(_ p: Int) -> [Int] {
        var c = [Int](repeating: 0, count: values[p].count)
        for i in chosen[p] { c[i] += 1 }
        return c
    }
}

/// The objective (as a mean) with every group at each candidate of one step (other coordinates
/// at the group's own choice).
public struct SearchCurve: Codable, Sendable, Equatable {
    public var label: String
    /// Candidate values when numeric (x of the chart).
    public var x: [Double]?
    public var labels: [String]
    public var mse: [Double]

    /// Index of the smallest error (the first on ties).
    public var argmin: Int { mse.indices.min { mse[$0] < mse[$1] || (mse[$0] == mse[$1] && $0 < $1) } ?? 0 }

    /// Strict local minima: points below both neighbours (plateaus count once, at their first point;
    /// an end counts when below its one neighbour).
    public var localMinima: Int {
        let y = mse.enumerated().reduce(into: [Double]()) { out, e in if out.last != e.element { out.append(e.element) } }
        guard y.count > 1 else { return y.count }
        return y.indices.filter { i in (i == 0 || y[i] < y[i - 1]) && (i == y.count - 1 || y[i] < y[i + 1]) }.count
    }
}
