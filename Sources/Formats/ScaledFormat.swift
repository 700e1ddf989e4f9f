/// An element format with shared scales: `value = q * s`, `q = round_elem(fl32(x / s))`.
///
/// The whole definition, per group of elements sharing a scale (see `Granularity`):
/// 1. `amax` = largest |x| of the group (after clipping: `amax * ratio`, see `Clipping`).
/// 2. Second level (NVFP4): a per-tensor FP32 `t = fl32(amax_tensor / (scaleMax * elemMax))` over
///    the finite values, where scaleMax is the block-scale format's largest value; without it `t = 1`.
/// 3. `s` from `ScaleRule` (`fl32(b * t)` with two levels, b the stored block scale); `elemMax` is the
///    element format's largest finite value `info.maxFinite` (an element format without a positive
///    value is refused).
/// 4. Each element: `q = round_elem(fl32(x / s))` with the element format's saturating variant
///    (OCP MX §6.3: elements saturate), then `fl32(q * s)`. For power-of-two scales the division
///    and product are exact (but for float32 subnormals), as in every MX emulator.
/// Edge cases (defined, tested): an all-zero group, or one whose scale rounds to zero, gives zeros
/// (MX stores the smallest scale 2^-127, as gfloat does); a group holding Inf or NaN has a NaN scale
/// (E8M0 code 0xFF, OCP §6.3) and all its elements become NaN; amax above the scale format's range
/// is an error for a minifloat scale without a second level, and clips for E8M0 (the floor rule's
/// exponent is clipped to [-127, 127]).
/// Refused when built: an E8M0 scale over elements without +0 (E8M0 has no zero: an all-zero group
/// stores 2^-127, and its codes would not decode to the zeros defined above), and a second level
/// whose `scaleMax * elemMax` is below 1 or overflows (t would overflow to Inf for large tensors, or
/// be 0 for every tensor).
/// Asymmetric (zero point, unsigned integer elements only): `s = fl32(fl32(max - min) / (2^n - 1))`,
/// `z = round(fl32(-min / s))` clamped to the grid, `q = round_elem(fl32(fl32(x / s) + z))`,
/// value `fl32((q - z) * s)`.
public struct ScaledFormat: TensorFormat {
    public enum Clipping: Sendable, Hashable {
        case absmax
        /// amax multiplied by a fixed ratio in (0, 1].
        case ratio(Float)
        /// The ratio in {1, 0.99, ..., 0.5} minimizing the tensor's squared error (LLM-FP4's grid
        /// search over the clipping range), chosen per tensor; ties keep the larger ratio.
        case mseSearch

        /// The fixed ratio amax is multiplied by (1 for `absmax`); nil for `mseSearch`, whose ratio
        /// depends on the tensor.
        public var ratio: Float? {
            switch self {
            case .absmax: return 1
            case let .ratio(r): return r
            case .mseSearch: return nil
            }
        }
    }

    public let name: String
    public let element: any ElementFormat
    public let granularity: Granularity
    public let scale: ScaleRule
    public let tensorScale: Bool
    public let clipping: Clipping
    public let asymmetric: Bool
    /// The element format's largest finite value (`info.maxFinite`, positive), as the scale rules use it.
    public let elementMax: Float
    /// Mantissa bits of a minifloat element (for the `even` rule).
    let elementMantissaBits: Int?
    /// The block-scale format's largest value (two-level formats).
    let scaleMax: Float
    /// The element format's saturation threshold (`ElementFormat.saturationThreshold`).
    public let saturationThreshold: Float
    /// The saturating element format's loops (`element.kernels`), built once.
    let kernels: SpecializedKernels

    public init(name: String, element: any ElementFormat, granularity: Granularity, scale: ScaleRule,
                tensorScale: Bool = false, clipping: Clipping = .absmax, asymmetric: Bool = false) throws {
        if case let .block(size) = granularity, size < 1 {
            throw FormatError.invalidSpec(name, reason: "block size \(size) must be at least 1")
        }
        if case let .ratio(r) = clipping, !(r > 0 && r <= 1) {
            throw FormatError.invalidSpec(name, reason: "clipping ratio \(r) not in (0, 1]")
        }
        if case let .cross(alpha) = granularity {
            guard alpha >= 0, alpha <= 1 else { throw FormatError.invalidSpec(name, reason: "cross alpha \(alpha) not in [0, 1]") }
            guard !asymmetric else { throw FormatError.invalidSpec(name, reason: "the cross scale is symmetric (absmax of rows and columns): drop asym") }
        }
        if asymmetric {
            guard let int = element as? IntegerFormat, int.kind == .unsigned else {
                throw FormatError.invalidSpec(name, reason: "asymmetric scaling needs unsigned integer elements (uint:N)")
            }
            guard case .fp32 = scale, !tensorScale else {
                throw FormatError.invalidSpec(name, reason: "asymmetric scaling uses an FP32 scale")
            }
        }
        if tensorScale, case .minifloat = scale {} else if tensorScale {
            throw FormatError.invalidSpec(name, reason: "a second (tensor) level needs a minifloat block scale")
        }
        guard element.info.maxFinite > 0 else {
            throw FormatError.invalidSpec(name, reason: "element format \(element.info.name) has no positive value for a scale to map amax to")
        }
        if case .powerOfTwo = scale, element.saturating.quantize(0, mode: .nearestEven, random: 0).bitPattern != 0 {
            throw FormatError.invalidSpec(name, reason: "an E8M0 scale has no zero: an all-zero group is stored with 2^-127 and needs an element +0, which \(element.info.name) lacks")
        }
        if tensorScale, case let .minifloat(f) = scale, !(1 ... Float.greatestFiniteMagnitude).contains(Float(f.info.maxFinite) * Float(element.info.maxFinite)) {
            throw FormatError.invalidSpec(name, reason: "the FP32 tensor scale t = amax / (scaleMax * elemMax) needs scaleMax * elemMax in [1, 2^128) to exist for every amax; \(f.info.name) and \(element.info.name) give \(f.info.maxFinite * element.info.maxFinite)")
        }
        if case .powerOfTwo(.even) = scale, !(element is MiniFloat) {
            throw FormatError.invalidSpec(name, reason: "the 'even' scale rule needs minifloat elements")
        }
        self.name = name
        self.element = element.saturating
        kernels = self.element.kernels
        self.granularity = granularity
        self.scale = scale
        self.tensorScale = tensorScale
        self.clipping = clipping
        self.asymmetric = asymmetric
        elementMax = Float(element.info.maxFinite)
        saturationThreshold = element.saturationThreshold
        elementMantissaBits = (element as? MiniFloat)?.mantissaBits
        if case let .minifloat(f) = scale { scaleMax = Float(f.info.maxFinite) } else { scaleMax = .infinity }
    }

    public var descriptor: FormatDescriptor { FormatDescriptor(self) }

    /// Element bits plus the block scale's bits shared over the block; per-tensor and per-channel
    /// scales (and NVFP4's tensor scale) are counted as no overhead.
    public var bitsPerElement: Double {
        let base = Double(element.info.bits)
        if case let .block(size) = granularity { return base + Double(scale.bits * (asymmetric ? 2 : 1)) / Double(size) }
        return base
    }
}
