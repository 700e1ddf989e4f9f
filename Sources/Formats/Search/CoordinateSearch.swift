import Foundation

/// The input activations of a linear layer (tokens x in features), for `objective=output`.
public struct SearchActivations: Sendable {
    public var values: [Float]
    public var shape: [Int]
    public init(values: [Float], shape: [Int]) { self.values = values; self.shape = shape }
}

/// Runs a `SearchSpec`: coordinate descent over the family's steps, per group.
///
/// A round runs, for each operand (the tensor; then, with `objective=output, act=same`, the
/// activations as one group), every step of the family: each group evaluates the objective at every
/// candidate of the step's axis (its other coordinates held) and keeps the smallest (the first on
/// ties, as `argmax` in LLM-FP4's code); a shared step gives every group the candidate with the
/// smallest total. Groups are independent given the other operand, so they
/// run on all cores; each error is summed in a fixed order, so the choices do not depend on the
/// thread count. Errors of non-finite inputs are left out; a NaN error never wins.
struct CoordinateSearch {
    let spec: SearchSpec
    let mode: RoundingMode
    let seed: UInt64

    /// One searched tensor and its groups' current points.
    struct Operand {
        var name: String
        var values: [Float]
        var shape: [Int]
        var groups: SearchGroups
        var points: [[Int]]
        var curves: [SearchCurve?]
        var seed: UInt64
        /// The tensor quantized at the current points.
        var quantized: [Float] = []
    }

    /// The fixed parts of the layer-output objective: X's rows as used, the exact output (transposed:
    /// [out, tokens]), and the shapes.
    struct Layer {
        var tokens: Int
        var k: Int
        var outputs: Int
        /// `X W^T` as [outputs, tokens] and as [tokens, outputs].
        var exact: [Double]
        var exactT: [Double]
    }

    func run(_ input: UnsafeBufferPointer<Float>, shape: [Int], activations: SearchActivations?) throws -> (quantized: [Float], report: SearchReport) {
        let memo = FormatMemo(family: spec.family)
        var w = Operand(name: "tensor", values: Array(input), shape: shape, groups: SearchGroups(spec.per, shape: shape, count: input.count),
                        points: [], curves: [], seed: seed)
        w.points = Array(repeating: spec.family.initialPoint, count: w.groups.count)
        w.curves = Array(repeating: nil, count: spec.family.steps.count)
        var x: Operand?, fixedX: [Float]?, layer: Layer?
        if spec.objective == .output {
            guard let activations else {
                throw FormatError.invalidSpec(spec.text, reason: "objective=output needs the layer's input activations (a data entry's `activations:`, or analyze --activations)")
            }
            let (xs, l) = try prepareLayer(w, activations)
            layer = l
            switch spec.activations {
            case .same:
                var a = Operand(name: "activations", values: xs, shape: [l.tokens, l.k], groups: SearchGroups(.tensor, shape: [l.tokens, l.k], count: xs.count),
                                points: [spec.family.initialPoint], curves: Array(repeating: nil, count: spec.family.steps.count), seed: seed &+ 0x9E37_79B9)
                a.quantized = try assemble(a, memo)
                x = a
            case .none: fixedX = xs
            case let .fixed(f): fixedX = try FormatRegistry.tensorFormat(f).fakeQuantize(xs, shape: [l.tokens, l.k], mode: mode, seed: seed &+ 0x9E37_79B9)
            }
        }
        w.quantized = try assemble(w, memo)
        let start = objective(layer, w: w, xq: x?.quantized ?? fixedX ?? [])
        var roundsRun = 0
        for _ in 0 ..< spec.rounds {
            roundsRun += 1
            var changed = false
            for (s, step) in spec.family.steps.enumerated() {
                let evaluator = weightEvaluator(layer, xq: x?.quantized ?? fixedX ?? [])
                let errors = try stepErrors(w, step, memo, evaluator)
                changed = apply(errors, step, to: &w, curve: s, normalizer: normalizer(w, layer)) || changed
                w.quantized = try assemble(w, memo)
            }
            if var a = x, let layer {
                for (s, step) in spec.family.steps.enumerated() {
                    let wqT = LayerOutput.transposed(w.quantized.map(Double.init), rows: layer.outputs, columns: layer.k)
                    let errors = try stepErrors(a, step, memo) {
                        WholeOperandEvaluator(columnsT: wqT, exact: layer.exactT, rows: layer.tokens, k: layer.k, length: layer.outputs)
                    }
                    changed = apply(errors, step, to: &a, curve: s, normalizer: normalizer(a, layer)) || changed
                    a.quantized = try assemble(a, memo)
                }
                x = a
            }
            if !changed || (x == nil && spec.family.steps.count == 1) { break }
        }
        let final = objective(layer, w: w, xq: x?.quantized ?? fixedX ?? [])
        let report = SearchReport(objective: spec.objective.rawValue, per: spec.per.rawValue, rounds: roundsRun, mse: final, startMSE: start,
                                  operands: [operandReport(w)] + (x.map { [operandReport($0)] } ?? []))
        return (w.quantized, report)
    }

    /// The objective as a mean for W and X quantized as they stand.
    func objective(_ layer: Layer?, w: Operand, xq: [Float]) -> Double {
        if let layer { return Self.outputError(layer, xq: xq, wq: w.quantized) / Double(layer.tokens * layer.outputs) }
        return w.values.withUnsafeBufferPointer { v in w.quantized.withUnsafeBufferPointer { Self.squaredError(v, $0) } }
            / Double(Swift.max(1, w.values.count))
    }

    /// Checks the shapes, picks the token rows and computes the exact output.
    func prepareLayer(_ w: Operand, _ activations: SearchActivations) throws -> ([Float], Layer) {
        let k = w.groups.columns
        let xColumns = activations.shape.last ?? 0
        guard w.shape.count >= 2, xColumns == k, activations.values.count % Swift.max(1, k) == 0, activations.values.count > 0 else {
            throw FormatError.invalidSpec(spec.text, reason: "objective=output needs W [out, in] and activations [tokens, in] with the same in; got W \(w.shape) and activations \(activations.shape)")
        }
        let available = activations.values.count / k
        let tokens = Swift.min(spec.tokens ?? available, available)
        var xs = [Float](repeating: 0, count: tokens * k)
        for i in 0 ..< tokens {
            let row = i * available / tokens
            for j in 0 ..< k { xs[i * k + j] = activations.values[row * k + j] }
        }
        guard xs.allSatisfy(\.isFinite) else { throw FormatError.invalidSpec(spec.text, reason: "the activations hold NaN or Inf") }
        let outputs = w.groups.rows
        let exact = LayerOutput.exactProduct(x: xs, tokens: tokens, w: w.values, outputs: outputs, k: k)
        return (xs, Layer(tokens: tokens, k: k, outputs: outputs, exact: exact,
                          exactT: LayerOutput.transposed(exact, rows: outputs, columns: tokens)))
    }

    /// The evaluator of W's groups: squared error, or the layer output's with X quantized as `xq`.
    func weightEvaluator(_ layer: Layer?, xq: [Float]) -> () -> CandidateEvaluator {
        guard let layer else { return { SquaredErrorEvaluator() } }
        let xqT = LayerOutput.transposed(xq.map(Double.init), rows: layer.tokens, columns: layer.k)
        if spec.per == .row { return { RowOutputEvaluator(xqT: xqT, exact: layer.exact, tokens: layer.tokens, k: layer.k) } }
        return { WholeOperandEvaluator(columnsT: xqT, exact: layer.exact, rows: layer.outputs, k: layer.k, length: layer.tokens) }
    }

    /// Errors of every group at every candidate of `step`: `[group * candidates + candidate]`.
    func stepErrors(_ operand: Operand, _ step: SearchStep, _ memo: FormatMemo, _ makeEvaluator: () -> CandidateEvaluator) throws -> [Double] {
        let family = spec.family
        let candidates = family.axes[step.axis].count
        let groups = operand.groups
        // The quantizer of each (group, candidate), built once per distinct spec.
        var formatIndex = [Int](repeating: 0, count: groups.count * candidates)
        var formats: [any TensorFormat] = []
        var known: [String: Int] = [:]
        for g in 0 ..< groups.count {
            for v in 0 ..< candidates {
                let s = family.spec(at: family.candidatePoint(operand.points[g], step, v))
                if let i = known[s] { formatIndex[g * candidates + v] = i; continue }
                known[s] = formats.count
                formatIndex[g * candidates + v] = formats.count
                formats.append(try memo.format(s))
            }
        }
        let gridScaled = formats.map { $0 as? GridScaled }
        var errors = [Double](repeating: .nan, count: groups.count * candidates)
        let failure = FailureBox()
        let size = groups.size
        operand.values.withUnsafeBufferPointer { src in
            errors.withUnsafeMutableBufferPointer { errs in
                ParallelChunks.run(count: groups.count, grain: Swift.max(1, (1 << 16) / Swift.max(1, size))) { g0, g1 in
                    var buffer = [Float](repeating: 0, count: size), out = [Float](repeating: 0, count: size)
                    let evaluator = makeEvaluator()
                    buffer.withUnsafeMutableBufferPointer { b in
                        out.withUnsafeMutableBufferPointer { o in
                            for g in g0 ..< g1 {
                                groups.gather(g, src.baseAddress!, b.baseAddress!)
                                for v in 0 ..< candidates {
                                    let f = formatIndex[g * candidates + v], seed = operand.seed &+ UInt64(g) &* 0x9E37_79B9_7F4A_7C15
                                    var scale: Float = 1
                                    if let s = gridScaled[f]?.gridValues(UnsafeBufferPointer(b), into: o, mode: mode, seed: seed) {
                                        scale = s
                                    } else {
                                        do {
                                            try formats[f].fakeQuantize(UnsafeBufferPointer(b), shape: groups.groupShape, into: o, mode: mode, seed: seed)
                                        } catch { failure.record(error); return }
                                    }
                                    errs[g * candidates + v] = evaluator.error(group: g, candidate: v, values: b, grid: o, scale: scale)
                                }
                            }
                        }
                    }
                }
            }
        }
        try failure.rethrow()
        return errors
    }

    /// Moves each group to its best candidate and records the step's curve; true when a choice changed.
    func apply(_ errors: [Double], _ step: SearchStep, to operand: inout Operand, curve s: Int, normalizer: Double) -> Bool {
        let axis = spec.family.axes[step.axis]
        let n = axis.count
        var changed = false
        var totals = [Double](repeating: 0, count: n)
        for g in 0 ..< operand.groups.count { for v in 0 ..< n { totals[v] += errors[g * n + v] } }
        func best(_ e: (Int) -> Double) -> Int {
            var b = 0
            for v in 0 ..< n where !e(v).isNaN && (e(b).isNaN || e(v) < e(b)) { b = v }
            return b
        }
        let shared = step.shared ? best { totals[$0] } : nil
        for g in 0 ..< operand.groups.count {
            let choice = shared ?? best { errors[g * n + $0] }
            if operand.points[g][step.axis] != choice { changed = true }
            operand.points[g][step.axis] = choice
        }
        operand.curves[s] = SearchCurve(label: step.label, x: axis.values, labels: axis.labels, mse: totals.map { $0 / normalizer })
        return changed
    }

    /// What a total error is divided by to give a mean.
    func normalizer(_ operand: Operand, _ layer: Layer?) -> Double {
        Double(Swift.max(1, layer.map { $0.tokens * $0.outputs } ?? operand.values.count))
    }

    /// The operand quantized with each group at its point.
    func assemble(_ operand: Operand, _ memo: FormatMemo) throws -> [Float] {
        var result = [Float](repeating: 0, count: operand.values.count)
        let groups = operand.groups
        var buffer = [Float](repeating: 0, count: groups.size), out = buffer
        try operand.values.withUnsafeBufferPointer { src in
            try result.withUnsafeMutableBufferPointer { dst in
                for g in 0 ..< groups.count {
                    let format = try memo.format(spec.family.spec(at: operand.points[g]))
                    try buffer.withUnsafeMutableBufferPointer { b in
                        try out.withUnsafeMutableBufferPointer { o in
                            groups.gather(g, src.baseAddress!, b.baseAddress!)
                            try format.fakeQuantize(UnsafeBufferPointer(b), shape: groups.groupShape, into: o, mode: mode,
                                                    seed: operand.seed &+ UInt64(g) &* 0x9E37_79B9_7F4A_7C15)
                            groups.scatter(g, o.baseAddress!, dst.baseAddress!)
                        }
                    }
                }
            }
        }
        return result
    }

    func operandReport(_ operand: Operand) -> SearchOperandReport {
        let family = spec.family
        let perGroup = operand.points.map { family.parameters(at: $0) }
        let order = family.axes.flatMap(\.labels)
        var values: [[String]] = [], chosen: [[Int]] = []
        for p in family.parameterNames.indices {
            let distinct = Array(Set(perGroup.map { $0[p] }))
            let sorted: [String]
            if distinct.allSatisfy({ Double($0) != nil }) {
                sorted = distinct.sorted { Double($0)! < Double($1)! }
            } else {
                sorted = distinct.sorted { (order.firstIndex(of: $0) ?? .max, $0) < (order.firstIndex(of: $1) ?? .max, $1) }
            }
            let index = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, $0) })
            values.append(sorted)
            chosen.append(perGroup.map { index[$0[p]]! })
        }
        return SearchOperandReport(operand: operand.name, groups: operand.groups.count, parameters: family.parameterNames, values: values,
                                   chosen: chosen, chosenSpec: operand.groups.count == 1 ? family.spec(at: operand.points[0]) : nil,
                                   curves: operand.curves.compactMap { $0 })
    }

    /// `sum (x - q)^2` over finite x, in Double, in order.
    static func squaredError(_ x: UnsafeBufferPointer<Float>, _ q: UnsafeBufferPointer<Float>) -> Double {
        var total = 0.0
        for i in x.indices where x[i].isFinite {
            let d = Double(x[i]) - Double(q[i])
            total += d * d
        }
        return total
    }

    /// `sum (X W^T - Xq Wq^T)^2` with the exact output from `layer` (the W evaluator from zero).
    static func outputError(_ layer: Layer, xq: [Float], wq: [Float]) -> Double {
        let evaluator = WholeOperandEvaluator(columnsT: LayerOutput.transposed(xq.map(Double.init), rows: layer.tokens, columns: layer.k), exact: layer.exact,
                                              rows: layer.outputs, k: layer.k, length: layer.tokens)
        var values = wq, quantized = wq
        return values.withUnsafeMutableBufferPointer { v in
            quantized.withUnsafeMutableBufferPointer { evaluator.error(group: 0, candidate: 0, values: v, grid: $0, scale: 1) }
        }
    }
}

/// Quantizers built once per spec for the whole search (threads share it).
final class FormatMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var formats: [String: any TensorFormat] = [:]
    let family: any SearchFamily

    init(family: any SearchFamily) { self.family = family }

    func format(_ spec: String) throws -> any TensorFormat {
        lock.lock(); defer { lock.unlock() }
        if let f = formats[spec] { return f }
        let f = try family.format(spec: spec)
        formats[spec] = f
        return f
    }
}

/// The first error thrown inside a parallel loop.
final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var error: Error?
    func record(_ e: Error) { lock.lock(); if error == nil { error = e }; lock.unlock() }
    func rethrow() throws { if let error { throw error } }
}
