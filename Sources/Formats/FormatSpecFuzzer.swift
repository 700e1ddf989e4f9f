/// A seeded mutation fuzzer of the format-spec parser (`FormatRegistry.tensorFormat`), run by
/// `quantlab fuzz`.
///
/// The corpus is 512 grammar samples (`FormatSpecSampler`) plus hand-written edge spellings. Each
/// iteration applies 1 or 2 random mutations to a corpus entry (a quarter of the time only a numeric
/// edit, which often keeps the spec valid; otherwise character insertions, deletions and
/// replacements with the grammar's punctuation and odd characters, numeric edits to extremes,
/// splices with another entry, repeated or dropped pieces, prefixes and suffixes) and parses the
/// result. An accepted spec is then used: fake-quantized on a small tensor holding zeros,
/// subnormals, Inf and NaN in two rounding modes, encoded and decoded, and listed (`describe`).
/// Every call must return or throw; a trap ends the process, so a run that returns found no
/// crash. The same seed replays the same inputs.
public enum FormatSpecFuzzer {
    public struct Report: Sendable, Equatable {
        /// Mutated specs tried.
        public var inputs = 0
        /// Specs the parser accepted (and that were then used).
        public var accepted = 0
        /// Specs the parser refused with a `FormatError`.
        public var rejected = 0
        /// Accepted specs whose use threw a clear error (a shape a format cannot take, a scale overflow).
        public var useErrors = 0
    }

    public static func run(iterations: Int, seed: UInt64) -> Report {
        let seeds = corpus(seed: seed)
        var random = CounterRandom(seed: seed ^ 0xF022_5EED)
        var report = Report()
        for _ in 0 ..< Swift.max(iterations, 0) {
            var spec = random.pick(seeds)
            if random.chance(4) {
                spec = mutate(spec, donor: spec, random: &random, kind: 3)  // a numeric edit only: often still valid
            } else {
                for _ in 0 ... random.int(2) { spec = mutate(spec, donor: random.pick(seeds), random: &random) }
            }
            report.inputs += 1
            let format: any TensorFormat
            do { format = try FormatRegistry.tensorFormat(spec) } catch {
                report.rejected += 1
                continue
            }
            report.accepted += 1
            do { try use(format, spec: spec) } catch { report.useErrors += 1 }
        }
        return report
    }

    /// Hand-written spellings at the edges of the grammar, then grammar samples.
    static func corpus(seed: UInt64) -> [String] {
        let edges = [
            "int8", "int8:sat", "fp:e4m3", "fp:e4m3:b-100", "fp:e8m0:b127:e8m0", "fp:e1m0:b0:finite", "fp:e5m10:b15:ieee",
            "int:16:sym", "uint:2", "bipolar:1", "power:12:0.06", "codebook:-1,0,1", "codebook:1e-40,3e38", "nf4/g64",
            "mxfp4(rule=rceil, block=1, clip=0.5)", "mxint8(sym)", "nvfp4(levels=1)", "nvint4(levels=2)", "int4/ch-1/asym",
            "uint8/g1/asym/mse", "scaled(codebook:-2,0,0.5, block=3, scale=e8m0-even, clip=mse)",
            "scaled(float16, tensor, scale=float8_e5m2, tensor_scale)", "scaled(int8, channel=63)", "int8/g4294967296",
            "", "/", "()", "scaled(", "mxfp4(", "int8//", ":sat", "fp:", "codebook:", "power::", "scaled(,,)",
        ]
        return edges + FormatSpecSampler.sample(count: 512, seed: seed).map(\.spec)
    }

    static let pieces = ["(", ")", ",", "=", "/", ":", " ", "-", ".", "e", "m", "b", "g", "ch", "sat", "sym", "asym", "mse",
                         "tensor", "block=", "scale=", "clip=", "rule=", "levels=", "e8m0", "fp32", "tensor_scale", "\u{0}",
                         "\u{FEFF}", "é", "𝟘", "\n", "\t", "%", "+", "*", "nan", "inf"]
    static let numbers = ["0", "1", "-1", "2", "7", "8", "16", "32", "127", "128", "-127", "-150", "255", "65536",
                          "2147483648", "4294967296", "9223372036854775807", "-9223372036854775808",
                          "99999999999999999999", "1e39", "-0", "0.5", "1e-45", "nan", "inf", "-inf", "0x10"]

    /// One random mutation of `spec` (of the given kind, 0 ..< 10, else a random one).
    static func mutate(_ spec: String, donor: String, random r: inout CounterRandom, kind: Int? = nil) -> String {
        var c = Array(spec)
        let n = c.count
        switch kind ?? r.int(10) {
        case 0 where n > 0: c.remove(at: r.int(n))
        case 1: c.insert(contentsOf: r.pick(pieces), at: r.int(n + 1))
        case 2 where n > 0: c[r.int(n)] = r.pick(Array("(),=/:-. 0123456789abcdefgimnpst"))
        case 3:
            // Replace a run of digits (or insert a number) with an extreme.
            let digits = c.indices.filter { c[$0].isNumber }
            guard let start = digits.isEmpty ? nil : r.pick(digits) else {
                c.insert(contentsOf: r.pick(numbers), at: r.int(n + 1))
                break
            }
            var end = start
            while end < n && (c[end].isNumber || c[end] == ".") { end += 1 }
            c.replaceSubrange(start ..< end, with: r.pick(numbers))
        case 4:
            let d = Array(donor)
            c = Array(c.prefix(r.int(n + 1))) + d.suffix(r.int(d.count + 1))
        case 5 where n > 0:
            let a = r.int(n), b = Swift.min(n, a + 1 + r.int(8))
            c.insert(contentsOf: c[a ..< b], at: r.int(n + 1))      // repeat a piece: duplicate options
        case 6 where n > 0:
            let a = r.int(n)
            c.removeSubrange(a ..< Swift.min(n, a + 1 + r.int(8)))
        case 7: c = Array(r.pick(["scaled(", "/", "(", ":sat/", " "])) + c + Array(r.pick([")", "/g32", ":sat", ",", ")", "/asym"]))
        case 8: c += Array(r.pick(["/g", "/ch", "/tensor", "/e8m0", "/mse", "/asym", ":sat", "(sym)", "(levels=1)"]) + r.pick(numbers))
        case 9 where n > 0:
            let a = r.int(n)
            c.insert(contentsOf: repeatElement(c[a], count: 1 + r.int(64)), at: a)
        default: break
        }
        return String(c)
    }

    /// A small tensor whose rows hold zeros, subnormals, huge values, Inf and NaN.
    static let probe: [Float] = (0 ..< 96).map { i in
        let special: [Float] = [0, -0.0, .leastNonzeroMagnitude, -.leastNormalMagnitude, .greatestFiniteMagnitude, .infinity, -.infinity, .nan]
        return i % 12 < special.count ? special[i % 12] : Float(i % 17 - 8) * Float(sign: .plus, exponent: i % 40 - 20, significand: 1.25)
    }

    /// Uses an accepted format as the CLI would; throws only clear errors.
    static func use(_ format: any TensorFormat, spec: String) throws {
        _ = try FormatListing.describe(spec)
        for mode in [RoundingMode.nearestEven, .stochastic] {
            _ = try format.fakeQuantize(probe, shape: [2, 48], mode: mode, seed: 3)
        }
        if let scaled = format as? ScaledFormat {
            let codes = try scaled.encode(probe, shape: [4, 24], mode: .towardZero, seed: 1)
            _ = try scaled.decode(codes, shape: [4, 24])
        } else {
            let element = format.element
            for x in probe { _ = element.decode(element.encode(rounded: element.quantize(x, mode: .nearestAway, random: 0))) }
        }
    }
}
