import Experiments
import Foundation
import Formats
import IntegerOps
import Metrics
import Reports
import Tensors

/// `study: bipolar-int`: bipolar-INT (arXiv 2409.17870; the format equations from a summary of its
/// journal extension, the paper not read), checked and measured:
/// 1. the value set of `bipolar:n` (Formats' `BipolarInt`) for n = 1..8, each code decoded;
/// 2. the conversion from signed INT (`BipolarConversion`), exhaustively for n = 1..8: x' = 2x + 1 is one
///    to one onto the value set, its code is x + 2^(n-1), x comes back, and the affine form
///    (s/2) x' + (z - s/2) equals s x + z (dyadic s and z, so the Double arithmetic is exact);
/// 3. the bit-plane product (`BitPlaneProduct`, K - 2 popcount per +-1 plane pair) against the integer
///    product, for `products` seeded random matrix pairs of every width pair 1..8 plus extreme ones;
/// 4. the error of symmetric INTn (`int:n:sym/ch0`) and bipolar (`bipolar:n/ch0`), both with one absmax
///    scale per row (Qmax = 2^(n-1) - 1, bipolar max 2^n - 1): QSNR and the share of nonzero values that
///    became zero, on `gaussian` and on MiniLM's linear weights (pooled: summed energies and counts).
struct BipolarStudy {
    let spec: StudySpec

    /// Our reference computation (PAPERS.md, [derived]): N(0,1) 2048 x 4096, seed 0, per-row absmax:
    /// n -> (INT QSNR, INT zero share %, bipolar QSNR).
    static let reference: [Int: (int: Double, zeros: Double, bipolar: Double)] = [
        2: (0.83, 93.98, 2.42), 3: (8.71, 47.30, 10.05), 4: (16.07, 21.40, 16.67), 8: (41.24, 1.20, 41.28),
    ]

    struct Pooled { var signal = 0.0, error = 0.0, kernel = 0, nonzero = 0
        var qsnr: Double { Measures.qsnrDB(signalEnergy: signal, errorEnergy: error) }
        var share: Double { Measures.share(kernel, of: nonzero) }
    }

    func run() throws -> StudyOutput {
        let (valueRows, setOK) = try valueSets()
        let (conversionRows, conversionFailures, conversions) = try conversion()
        let (productMax, productCount, signedFailures) = try products()
        let bits = spec.numbers("bits").map { Int($0) }
        let gaussian = try SyntheticTensor(parsing: spec.text("gaussian"))
        let weights = try StudyTensors.read(spec.text("weights"), "layer.*.weight").map(\.tensor).filter { $0.shape.count == 2 }
        guard !weights.isEmpty else { throw StudyError("no layer.*.weight in \(spec.text("weights"))") }
        let g = [gaussian.generate()]
        var errors: [(bits: Int, gi: Pooled, gb: Pooled, wi: Pooled, wb: Pooled)] = []
        for n in bits {
            errors.append((n, try pooled(g, "int:\(n):sym/ch0"), try pooled(g, "bipolar:\(n)/ch0"),
                           try pooled(weights, "int:\(n):sym/ch0"), try pooled(weights, "bipolar:\(n)/ch0")))
        }
        func f(_ x: Double) -> String { NumberText.fixed(x, 2) }
        let refText = bits.compactMap { n in Self.reference[n].map { "n = \(n): INT \(f($0.int)) vs bipolar \(f($0.bipolar))" } }.joined(separator: "; ")
        let measured = errors.filter { Self.reference[$0.bits] != nil }.map { "n = \($0.bits): INT \(f($0.gi.qsnr)) vs bipolar \(f($0.gb.qsnr))" }.joined(separator: "; ")
        func ahead(_ e: [(Int, Pooled, Pooled)]) -> String {
            let n = e.filter { $0.2.qsnr > $0.1.qsnr }.map { "\($0.0)" }
            return n.isEmpty ? "none" : n.joined(separator: ", ")
        }
        let claims = [
            ["the values are the odd integers, symmetric, no zero", "a summary of APT-LLM [summary]", "v = sum_i 2^i (2 b_i - 1)",
             setOK ? "n = 1..8: every code decodes to an odd integer, 2^n levels from -(2^n - 1) to 2^n - 1, none zero" : "**a value set differs** (table 1)"],
            ["signed INT converts losslessly", "the same summary [summary]", "x' = 2x + 1; W = (s/2) W' + (z - s/2)",
             "\(conversionFailures) mismatches over \(conversions) checks (n = 1..8, every x)"],
            ["bit planes reconstruct the product", "our derivation (the abstract: \"decomposes and recovers matrices at the bit level\")",
             "A'B' = sum_i sum_j 2^(i+j) A(i) B(j)", "\(productCount) products: largest |bit-plane - integer| = \(productMax); signed product recovered wrong in \(signedFailures)"],
            ["bipolar beats symmetric INTn at equal bits (one more level, empty kernel)", "our reference computation (N(0,1), per-row absmax)", refText,
             measured + ". Bipolar ahead on N(0,1) at n = " + ahead(errors.map { ($0.bits, $0.gi, $0.gb) })
                + "; on MiniLM weights at n = " + ahead(errors.map { ($0.bits, $0.wi, $0.wb) })],
        ]
        var md = "What a summary says (the paper was not read), and what this run measures:\n\n"
        md += MarkdownTable(header: ["claim", "source", "stated", "we measure"], rows: claims).text + "\n"
        md += "1. The value set of `bipolar:n` (every code decoded):\n\n" + MarkdownTable(header: ["n", "levels", "smallest", "largest", "all odd", "zero", "symmetric"], rows: valueRows).text + "\n"
        md += "2. Signed INT to bipolar, every x (mismatches):\n\n"
            + MarkdownTable(header: ["n", "x", "2x + 1 one to one onto the set", "code = x + 2^(n-1)", "x back", "affine form (20 dyadic s, z)"], rows: conversionRows).text + "\n"
        md += "3. Bit-plane products: \(productCount) matrix pairs (every width pair 1..8; seeded random, all +max, all -max, alternating; K = "
            + "\(spec.count("depth"))), largest |difference| from the integer product: \(productMax).\n\n"
        md += "4. Error with one absmax scale per row (`\(gaussian)`; MiniLM: \(weights.count) linear weights of `\(spec.text("weights"))`, pooled):\n\n"
        let rows = errors.map { e -> [String] in
            let r = Self.reference[e.bits]
            return ["\(e.bits)", f(e.gi.qsnr), f(100 * e.gi.share) + "%", f(e.gb.qsnr), f(100 * e.gb.share) + "%",
                    r.map { "\(f($0.int)) (\(f($0.zeros))%) / \(f($0.bipolar))" } ?? "–",
                    f(e.wi.qsnr), f(100 * e.wi.share) + "%", f(e.wb.qsnr)]
        }
        md += MarkdownTable(header: ["n", "N(0,1) INTn QSNR (dB)", "INTn kernel", "bipolar QSNR (dB)", "bipolar kernel", "reference INT (kernel) / bipolar",
                                     "MiniLM INTn QSNR", "MiniLM INTn kernel", "MiniLM bipolar QSNR"], rows: rows).text + "\n"
        md += "![QSNR vs bits](qsnr-vs-bits.svg)\n\n"
        let chart = LineChart(title: "Symmetric INTn vs bipolar, per-row absmax", yLabel: "QSNR (dB)", xLabel: "bits n", series: [
            ("N(0,1) INTn", errors.map { LineChart.Point(x: Double($0.bits), y: $0.gi.qsnr) }),
            ("N(0,1) bipolar", errors.map { LineChart.Point(x: Double($0.bits), y: $0.gb.qsnr) }),
            ("MiniLM weights INTn", errors.map { LineChart.Point(x: Double($0.bits), y: $0.wi.qsnr) }),
            ("MiniLM weights bipolar", errors.map { LineChart.Point(x: Double($0.bits), y: $0.wb.qsnr) }),
        ])
        return StudyOutput(markdown: md, charts: [("qsnr-vs-bits.svg", chart.svg)])
    }

    func valueSets() throws -> ([[String]], Bool) {
        var ok = true
        let rows = try (1 ... 8).map { n -> [String] in
            let f = try BipolarInt(bits: n)
            let values = (0 ..< UInt32(1 << n)).map { Int(f.decode($0)) }
            let set = Set(values), top = (1 << n) - 1
            let odd = values.allSatisfy { $0 & 1 == 1 }, zero = set.contains(0), symmetric = set == Set(values.map { -$0 })
            ok = ok && odd && !zero && symmetric && set.count == 1 << n && set.min() == -top && set.max() == top
            return ["\(n)", "\(set.count)", "\(set.min()!)", "\(set.max()!)", odd ? "yes" : "no", zero ? "yes" : "no", symmetric ? "yes" : "no"]
        }
        return (rows, ok)
    }

    func conversion() throws -> ([[String]], Int, Int) {
        var rng = RandomStream(seed: UInt64(spec.count("seed")))
        var total = 0, checks = 0
        let rows = try (1 ... 8).map { n -> [String] in
            let half = 1 << (n - 1), top = (1 << n) - 1, f = try BipolarInt(bits: n)
            var image = Set<Int>(), badCode = 0, badBack = 0, badAffine = 0
            for x in -half ..< half {
                let v = BipolarConversion.bipolar(fromSigned: x)
                image.insert(v)
                let code = BipolarConversion.code(ofBipolar: v, bits: n)
                if code != UInt64(x + half) || Int(f.decode(UInt32(code))) != v || BipolarConversion.value(ofCode: code, bits: n) != v { badCode += 1 }
                if BipolarConversion.signed(fromBipolar: v) != x { badBack += 1 }
            }
            for _ in 0 ..< 20 {
                let s = Double(1 + rng.nextBelow(4096)) / 1024, z = Double(rng.nextBelow(8193) - 4096) / 1024
                let (s2, z2) = BipolarConversion.affine(scale: s, zero: z)
                for x in -half ..< half where s2 * Double(BipolarConversion.bipolar(fromSigned: x)) + z2 != s * Double(x) + z { badAffine += 1 }
                checks += 1 << n
            }
            let onto = image == Set(stride(from: -top, through: top, by: 2)) ? 0 : 1
            total += onto + badCode + badBack + badAffine
            checks += 3 << n
            return ["\(n)", "\(-half) ... \(half - 1)", "\(onto)", "\(badCode)", "\(badBack)", "\(badAffine)"]
        }
        return (rows, total, checks)
    }

    /// (largest |difference|, pairs checked, signed products recovered wrong).
    func products() throws -> (Int64, Int, Int) {
        var rng = RandomStream(seed: UInt64(spec.count("seed")))
        let k = spec.count("depth"), (m, n) = (8, 8)
        var largest: Int64 = 0, count = 0, signedBad = 0
        for na in 1 ... 8 {
            for nb in 1 ... 8 {
                let (ta, tb) = ((1 << na) - 1, (1 << nb) - 1)
                func odd(_ top: Int) -> Int { 2 * rng.nextBelow(top + 1) - top }
                var pairs: [([Int], [Int])] = (0 ..< spec.count("products")).map { _ in ((0 ..< m * k).map { _ in odd(ta) }, (0 ..< k * n).map { _ in odd(tb) }) }
                pairs += [([Int](repeating: ta, count: m * k), [Int](repeating: tb, count: k * n)),
                          ([Int](repeating: -ta, count: m * k), [Int](repeating: -tb, count: k * n)),
                          ((0 ..< m * k).map { $0 % 2 == 0 ? ta : -ta }, (0 ..< k * n).map { $0 % 2 == 0 ? tb : -tb })]
                for (a, b) in pairs {
                    let p = try BitPlaneProduct(a: a, rows: m, depth: k, bitsA: na, b: b, columns: n, bitsB: nb).product()
                    let x = a.map(BipolarConversion.signed(fromBipolar:)), y = b.map(BipolarConversion.signed(fromBipolar:))
                    let recovered = BitPlaneProduct.signedProduct(bipolar: p, a: a, b: b, rows: m, depth: k, columns: n)
                    for e in 0 ..< m * n {
                        var direct: Int64 = 0, signed: Int64 = 0
                        for j in 0 ..< k {
                            direct += Int64(a[(e / n) * k + j]) * Int64(b[j * n + e % n])
                            signed += Int64(x[(e / n) * k + j]) * Int64(y[j * n + e % n])
                        }
                        largest = max(largest, abs(direct - p[e]))
                        if recovered[e] != signed { signedBad += 1 }
                    }
                    count += 1
                }
            }
        }
        return (largest, count, signedBad)
    }

    func pooled(_ tensors: [Tensor], _ spec: String) throws -> Pooled {
        let format = try FormatRegistry.tensorFormat(spec)
        var p = Pooled()
        for x in tensors {
            let q = try format.fakeQuantize(x.values, shape: x.shape)
            let r = try QuantizationErrorReport(original: x.values, quantized: q, rowLength: x.rowLength)
            p.kernel += r.kernelCount; p.nonzero += r.nonzeroCount
            for (v, w) in zip(x.values, q) { p.signal += Double(v) * Double(v); p.error += (Double(v) - Double(w)) * (Double(v) - Double(w)) }
        }
        return p
    }
}
