import Foundation

/// How far a model's sentence embeddings moved from a reference model's (both L2-normalized rows,
/// same sentences):
/// - cosine: per sentence e·ê (rows are unit vectors), its mean and minimum;
/// - Spearman's ρ between the two pairwise cosine-similarity matrices over the n(n-1)/2 pairs i < j
///   (Pearson correlation of the ranks, ties given their mean rank);
/// - top-k agreement: for every sentence, the share of its k nearest neighbours (by cosine, itself
///   excluded, ties by lower index) under the reference that are also among its k nearest under the
///   other model; the mean over sentences.
public struct EmbeddingAgreement: Sendable, Equatable {
    public var meanCosine: Double
    public var worstCosine: Double
    public var spearman: Double
    public var topK: Int
    public var topKAgreement: Double

    /// `reference` and `other` are n x d row-major with the same n and d.
    public init(reference: [Float], other: [Float], dimension d: Int, topK: Int = 5) {
        let n = reference.count / d
        precondition(other.count == reference.count && n * d == reference.count)
        var cosines: [Double] = []
        for i in 0..<n { cosines.append(Self.dot(reference, other, i, i, d)) }
        meanCosine = cosines.reduce(0, +) / Double(max(n, 1))
        worstCosine = cosines.min() ?? 1
        let a = Self.similarities(reference, n, d), b = Self.similarities(other, n, d)
        var pairsA: [Double] = [], pairsB: [Double] = []
        for i in 0..<n { for j in (i + 1)..<max(n, i + 1) { pairsA.append(a[i * n + j]); pairsB.append(b[i * n + j]) } }
        spearman = Self.pearson(Self.ranks(pairsA), Self.ranks(pairsB))
        self.topK = topK
        var agreement = 0.0
        for i in 0..<n {
            let x = Set(Self.nearest(a, i, n, topK)), y = Set(Self.nearest(b, i, n, topK))
            agreement += x.isEmpty ? 1 : Double(x.intersection(y).count) / Double(x.count)
        }
        topKAgreement = agreement / Double(max(n, 1))
    }

    static func dot(_ x: [Float], _ y: [Float], _ i: Int, _ j: Int, _ d: Int) -> Double {
        var s = 0.0
        for t in 0..<d { s += Double(x[i * d + t]) * Double(y[j * d + t]) }
        return s
    }

    static func similarities(_ e: [Float], _ n: Int, _ d: Int) -> [Double] {
        var out = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in i..<n { let s = dot(e, e, i, j, d); out[i * n + j] = s; out[j * n + i] = s } }
        return out
    }

    /// The k other rows most similar to row i (descending similarity, ties by lower index).
    static func nearest(_ s: [Double], _ i: Int, _ n: Int, _ k: Int) -> [Int] {
        let others = (0..<n).filter { $0 != i }
        return Array(others.sorted { s[i * n + $0] > s[i * n + $1] || (s[i * n + $0] == s[i * n + $1] && $0 < $1) }.prefix(k))
    }

    /// Ranks 1...n, ties sharing their mean rank.
    static func ranks(_ v: [Double]) -> [Double] {
        let order = v.indices.sorted { v[$0] < v[$1] }
        var out = [Double](repeating: 0, count: v.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && v[order[end + 1]] == v[order[start]] { end += 1 }
            let rank = Double(start + end) / 2 + 1
            for p in start...end { out[order[p]] = rank }
            start = end + 1
        }
        return out
    }

    static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        guard x.count > 1 else { return 1 }
        let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) { sxy += (a - mx) * (b - my); sxx += (a - mx) * (a - mx); syy += (b - my) * (b - my) }
        return sxx == 0 || syy == 0 ? (sxx == syy ? 1 : 0) : sxy / (sxx * syy).squareRoot()
    }
}
