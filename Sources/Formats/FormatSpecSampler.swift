/// Seeded random spec strings over the whole spec grammar (`FormatRegistry.parametricForms`,
/// `ScaledFormatSpec`), for checking that every spec the parser accepts agrees with the reference
/// (`quantlab verify --random-specs`) and for fuzzing the parser (`quantlab fuzz`).
///
/// Half the samples are element specs: a named format, `fp:eXmY[:bB][:SPECIALS]` (X in 1...8, Y in
/// 0...10, bias near its default or anywhere in -130...150, any specials), `int:N[:sym]`, `uint:N`,
/// `bipolar:N`, `power:N:A`, `codebook:v1,...` (2-9 values, some all negative or repeated), each
/// with `:sat` one time in six. The other half are scaled: a named scaled format with a random set
/// of its options, the shorthand `ELEMENT/gK|chA|tensor|cross(alpha=A)[/asym][/mse][/e8m0]`, or
/// `scaled(ELEMENT, GRANULARITY, scale=..., tensor_scale, clip=..., asym)` with each option present
/// at random. CrossQuant's `cross(alpha=A)` granularity (A in and out of [0, 1]) replaces `tensor`
/// one time in three, decided by a second counter stream, so that adding it left every other sample
/// of a seed as it was. Samples are grammatical, not all valid: out-of-range widths, biases and option
/// combinations are meant to be refused. `largestElementBits` bounds the element widths drawn (the
/// reference check enumerates every code). Sample `i` of a seed is the same on every machine.
public struct FormatSpecSampler {
    /// Which production of the grammar a sample comes from.
    public enum Form: String, Sendable, CaseIterable {
        case namedElement, minifloat, integer, bipolar, power, codebook, namedScaled, shorthand, scaledCall
    }

    public let largestElementBits: Int
    private var random: CounterRandom
    /// Draws only the `cross` choices (`tensorOrCross`).
    private var crossRandom: CounterRandom

    public init(seed: UInt64, largestElementBits: Int = 16) {
        random = CounterRandom(seed: seed)
        crossRandom = CounterRandom(seed: seed ^ 0x6372_6F73_735F_7363)
        self.largestElementBits = Swift.max(4, largestElementBits)
    }

    public var seed: UInt64 { random.seed }

    /// The next sample and the production it came from.
    public mutating func next() -> (spec: String, form: Form) {
        if chance(2) { return element() }
        switch int(3) {
        case 0: return (namedScaled(), .namedScaled)
        case 1: return (shorthand(), .shorthand)
        default: return (scaledCall(), .scaledCall)
        }
    }

    /// `count` samples of `seed`.
    public static func sample(count: Int, seed: UInt64, largestElementBits: Int = 16) -> [(spec: String, form: Form)] {
        var sampler = FormatSpecSampler(seed: seed, largestElementBits: largestElementBits)
        return (0 ..< Swift.max(count, 0)).map { _ in sampler.next() }
    }

    private mutating func int(_ n: Int) -> Int { random.int(n) }
    private mutating func int(in range: ClosedRange<Int>) -> Int { random.int(in: range) }
    private mutating func chance(_ n: Int) -> Bool { random.chance(n) }
    private mutating func pick<T>(_ items: [T]) -> T { random.pick(items) }

    // MARK: element specs

    private mutating func element() -> (spec: String, form: Form) {
        let (spec, form): (String, Form)
        switch int(8) {
        case 0: (spec, form) = (pick(FormatRegistry.named.map(\.name)), .namedElement)
        case 1, 2, 3: (spec, form) = (minifloat(), .minifloat)
        case 4: (spec, form) = (integer(), .integer)
        case 5: (spec, form) = ("bipolar:\(int(in: 1 ... Swift.min(16, largestElementBits)))", .bipolar)
        case 6: (spec, form) = (power(), .power)
        default: (spec, form) = (codebook(), .codebook)
        }
        return (chance(6) ? spec + ":sat" : spec, form)
    }

    private mutating func minifloat() -> String {
        let e = int(in: 1 ... 8)
        let m = int(in: 0 ... Swift.max(0, Swift.min(10, largestElementBits - 1 - e)))
        var spec = "fp:e\(e)m\(m)"
        switch int(3) {
        case 0: break
        case 1: spec += ":b\((1 << (e - 1)) - 1 + int(in: -4 ... 4))"
        default: spec += ":b\(int(in: -130 ... 150))"
        }
        if !chance(3) { spec += ":" + pick(SpecialValues.allCases).rawValue }
        return spec
    }

    private mutating func integer() -> String {
        let n = int(in: 2 ... Swift.min(16, largestElementBits))
        switch int(3) {
        case 0: return "int:\(n)"
        case 1: return "int:\(n):sym"
        default: return "uint:\(n)"
        }
    }

    private mutating func power() -> String {
        let n = int(in: 2 ... Swift.min(12, largestElementBits))
        let a = chance(2) ? pick(["0.25", "0.5", "0.75", "1", "1.5", "2", "3"]) : String(Double(int(in: 1 ... 400)) / 100)
        return "power:\(n):\(a)"
    }

    private mutating func codebook() -> String {
        let count = int(in: 2 ... 9)
        let allNegative = chance(8)
        let values = (0 ..< count).map { _ -> String in
            let magnitude = Double(int(in: 0 ... 64)) / 16 * pick([1, 0.001, 100])
            return String(allNegative || chance(2) ? -magnitude : magnitude)
        }
        return "codebook:" + values.joined(separator: ",")
    }

    // MARK: scaled specs

    /// An element for a scaled spec (no codebook commas in the shorthand's parts are a problem:
    /// the shorthand splits on '/').
    private mutating func scaledElement() -> String {
        var spec = element().spec
        while spec.hasSuffix(":sat") && chance(2) { spec = String(spec.dropLast(4)) }
        return spec
    }

    private mutating func block() -> Int {
        chance(4) ? int(in: 1 ... 8) : pick([16, 32, 64, 7, 33])
    }

    private mutating func namedScaled() -> String {
        let entry = pick(ScaledFormatSpec.named)
        var options: [String] = []
        if entry.name == "mxint8", chance(3) { options.append("sym") }
        if chance(4) { options.append("levels=\(int(in: 1 ... 2))") }
        if entry.scale == "e8m0", chance(2) { options.append("rule=" + pick(["floor", "ceil", "even", "rceil"])) }
        if chance(4) { options.append("block=\(block())") }
        if chance(8) { options.append("clip=" + pick(["absmax", "0.9", "0.75", "mse"])) }
        return options.isEmpty && chance(2) ? entry.name : entry.name + "(" + options.joined(separator: ", ") + ")"
    }

    private mutating func shorthand() -> String {
        var parts = [scaledElement()]
        switch int(4) {
        case 0, 1: parts.append("g\(block())")
        case 2: parts.append(chance(3) ? "ch" : "ch\(int(in: -2 ... 2))")
        default: parts.append(tensorOrCross())
        }
        if chance(5) { parts.append("asym") }
        if chance(12) { parts.append("mse") }
        if chance(4) { parts.append("e8m0") }
        return parts.joined(separator: "/")
    }

    /// `tensor`, or one time in three `cross(alpha=A)` (from `crossRandom`).
    private mutating func tensorOrCross() -> String {
        guard crossRandom.chance(3) else { return "tensor" }
        return "cross(alpha=" + crossRandom.pick(["0", "0.15", "0.5", "0.85", "1", "1.5", "-0.25", "nan"]) + ")"
    }

    private mutating func scaleOption() -> String {
        switch int(5) {
        case 0: return "scale=fp32"
        case 1: return "scale=e8m0" + pick(["", "-floor", "-ceil", "-even", "-rceil"])
        case 2: return "scale=" + pick(["float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e8m0fnu", "bfloat16", "float16"])
        default: return "scale=" + minifloat()
        }
    }

    private mutating func scaledCall() -> String {
        var args = [scaledElement()]
        switch int(4) {
        case 0, 1: args.append("block=\(block())")
        case 2: args.append("channel=\(int(in: -2 ... 2))")
        default: if chance(2) { args.append(tensorOrCross()) }
        }
        if !chance(4) { args.append(scaleOption()) }
        if chance(3) { args.append("tensor_scale") }
        if chance(6) { args.append("clip=" + pick(["absmax", "0.9", "0.5", "mse"])) }
        if chance(6) { args.append("asym") }
        // The options in a rotated order (the element stays first).
        let options = Array(args.dropFirst()), turn = int(options.count)
        let rotated = options.isEmpty ? [] : Array(options[turn...] + options[..<turn])
        return "scaled(" + ([args[0]] + rotated).joined(separator: ", ") + ")"
    }
}
