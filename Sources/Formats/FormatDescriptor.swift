/// What a tensor format is, as data: its element, its scaling, and whether it is exactly an OCP MX
/// or NVIDIA NV definition. Reports, findings and charts read these fields, never the spelling of
/// the spec, so `scaled(float4_e2m1fn, block=32, scale=e8m0)` and `mxfp4` are one format here while
/// `mxfp4(block=16)` is not an OCP format.
public struct FormatDescriptor: Sendable, Hashable {
    /// How a scaled format shares its scales.
    public struct Scaling: Sendable, Hashable {
        public var granularity: Granularity
        /// The (block) scale's format and rule.
        public var scale: ScaleRule
        /// An FP32 tensor scale over the block scales (NVFP4's second level).
        public var secondLevel: Bool
        /// A zero point per group.
        public var asymmetric: Bool
        public var clipping: ScaledFormat.Clipping
    }

    /// A published format definition.
    public enum Standard: String, Sendable, Hashable {
        /// OCP Microscaling Formats (MX) v1.0: MXFP8 (E4M3, E5M2), MXFP6 (E2M3, E3M2), MXFP4, MXINT8.
        case ocpMX = "OCP MX"
        /// NVIDIA NVFP4: E2M1 elements, E4M3 scales per 16, an FP32 tensor scale.
        case nvidiaNV = "NVIDIA NV"
    }

    /// The scaling scheme, whatever the element: what groups formats in reports.
    public enum Scheme: String, Sendable, Hashable {
        /// An element format with no scale.
        case unscaled
        /// OCP MX's scaling (§6.3): blocks of 32 along the last axis, one E8M0 scale per block by the
        /// floor rule, absmax, no zero point, no second level (`mxint4` is MX scaling over INT4).
        case mx = "MX"
        /// NVFP4's scaling: blocks of 16, an E4M3 block scale rounded to nearest even and saturating,
        /// an FP32 tensor scale, absmax, no zero point (`nvint4` is NV scaling over INT4).
        case nv = "NV"
        /// Any other scaling (per tensor, per channel, other blocks, scales or rules, clipping).
        case scaled
    }

    public var family: ElementFamily
    /// Bits per element code.
    public var elementBits: Int
    /// Nil for an element format used unscaled.
    public var scaling: Scaling?
    public var scheme: Scheme
    /// The definition this format is exactly (element and scaling), if any.
    public var standard: Standard?

    /// The report group: the family, after the scheme for scaled formats (`MX fp`, `NV int`,
    /// `scaled int`; `fp` for an unscaled minifloat).
    public var group: String {
        scheme == .unscaled ? family.rawValue : "\(scheme.rawValue) \(family.rawValue)"
    }

    /// An element format used unscaled.
    public init(unscaled element: any ElementFormat) {
        family = element.info.family
        elementBits = element.info.bits
        scaling = nil
        scheme = .unscaled
        standard = nil
    }

    /// A scaled format: scheme and standard from its facts (granularity, scale format and rule,
    /// levels, zero point, clipping, and the element's and scale's code values), not its name.
    public init(_ f: ScaledFormat) {
        family = f.element.info.family
        elementBits = f.element.info.bits
        let scaling = Scaling(granularity: f.granularity, scale: f.scale, secondLevel: f.tensorScale, asymmetric: f.asymmetric,
                              clipping: f.clipping)
        self.scaling = scaling
        let plain = !scaling.asymmetric && scaling.clipping == .absmax
        if plain, scaling.granularity == .block(size: 32), scaling.scale == .powerOfTwo(.floor), !scaling.secondLevel {
            scheme = .mx
            standard = FormatDescriptor.ocpMXElements.contains { FormatDescriptor.sameValues(f.element, $0) } ? .ocpMX : nil
        } else if plain, scaling.granularity == .block(size: 16), scaling.secondLevel, case let .minifloat(s) = scaling.scale,
                  FormatDescriptor.sameValues(s, FormatDescriptor.element("float8_e4m3fn")) {
            scheme = .nv
            standard = FormatDescriptor.sameValues(f.element, FormatDescriptor.element("float4_e2m1fn")) ? .nvidiaNV : nil
        } else {
            scheme = .scaled
            standard = nil
        }
    }

    /// The element formats of OCP MX v1.0 (§5: FP8 E4M3 and E5M2, FP6 E2M3 and E3M2, FP4 E2M1; INT8,
    /// two's complement with an implied 2^-6, so the same values times a power of two).
    static let ocpMXElements = ["float8_e4m3fn", "float8_e5m2", "float6_e2m3fn", "float6_e3m2fn", "float4_e2m1fn", "int8"].map(element)

    static func element(_ name: String) -> any ElementFormat {
        guard let f = try? FormatRegistry.element(name) else { preconditionFailure("built-in format \(name) does not parse") }
        return f
    }

    /// Whether two element formats have the same value for every code (NaN codes alike), so a
    /// saturating variant matches its base.
    static func sameValues(_ a: any ElementFormat, _ b: any ElementFormat) -> Bool {
        guard a.info.bits == b.info.bits, a.info.family == b.info.family, a.info.bits <= 16 else { return false }
        return (0 ..< UInt32(1 << a.info.bits)).allSatisfy { code in
            let x = a.decode(code), y = b.decode(code)
            return x.bitPattern == y.bitPattern || (x.isNaN && y.isNaN)
        }
    }
}
