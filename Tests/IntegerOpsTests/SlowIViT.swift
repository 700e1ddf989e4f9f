import Foundation

/// I-ViT's integer operators transliterated from the authors' Python (zkkli/I-ViT quant_modules.py)
/// in Double arithmetic, which is exact while every value stays below 2^53 (checked): the
/// independent implementation the Int64 operators are compared with bit for bit.
enum SlowIViT {
    static func exact(_ v: Double) -> Double {
        precondition(abs(v) < 0x1p53, "value beyond exact Double integers")
        return v
    }

    static func intExpShift(_ xIn: Double, scale: Float, n: Int) -> Double {
        var x = xIn + (xIn / 2).rounded(.down) - (xIn / 16).rounded(.down)
        let x0 = Double((Float(-1.0) / scale).rounded(.down))
        x = max(x, Double(n) * x0)
        let q = (x / x0).rounded(.down)
        let r = x - x0 * q
        let e = r / 2 - x0
        let value = e * pow(2, Double(n) - q)
        // Beyond 2^53 Double is not exact: only the order of magnitude is kept (every use clamps at
        // 2^31 - 1), and the Int64 operator's ceiling 2^62.
        if value >= 0x1p53 { return min(value, 0x1p62) }
        return max(exact(value.rounded(.down)), 0)
    }

    static func shiftmax(_ row: [Double], scale: Float, n: Int = 15, bits: Int = 8) -> [Double] {
        let top = row.max()!
        let e = row.map { intExpShift($0 - top, scale: scale, n: n) }
        let sum = min(e.reduce(0, +), 2147483647)
        let factor = (2147483647 / sum).rounded(.down)
        return e.map { exact(($0 * factor / pow(2, Double(31 - bits + 1))).rounded(.down)) }
    }

    static func shiftGELU(_ row: [Double], scale: Float, n: Int = 23, bits: Int = 8) -> [Double] {
        let sig = scale * Float(1.702)
        let top = row.max()!
        let c = intExpShift(-top, scale: sig, n: n)
        return row.map { x in
            let a = intExpShift(x - top, scale: sig, n: n)
            let sum = min(a + c, 2147483647)
            let factor = (2147483647 / sum).rounded(.down)
            return exact(x * (a * factor / pow(2, Double(31 - bits + 1))).rounded(.down))
        }
    }

    static func layerNorm(_ row: [Double], gamma: [Float], beta: [Float]) -> [Double] {
        let mean = (row.reduce(0, +) / Double(row.count)).rounded(.toNearestOrEven)
        let y = row.map { $0 - mean }
        let v = exact(y.reduce(0) { $0 + $1 * $1 })
        var k = 65536.0
        for _ in 0 ..< 10 { k = ((k + (v / k).rounded(.down)) / 2).rounded(.down) }
        let factor = (2147483647 / k).rounded(.down)
        let t = Float(row.count).squareRoot() / Float(1 << 30)
        return y.indices.map { j in
            exact((y[j] * factor / 2).rounded(.down)) + Double(((beta[j] / gamma[j]) / t).rounded(.down))
        }
    }
}
