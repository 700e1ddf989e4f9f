/// A tensor format applied one slab at a time (a range of indices along the first axis), writing
/// exactly the values of one whole-tensor pass, so that a caller can hold one slab of quantized
/// values instead of a second copy of the tensor (`analyze` and sweep cells on large tensors).
///
/// How: whatever depends on the whole tensor is computed once, from the whole input, when the
/// quantizer is made: the scales of every group (`ScaledFormat.passScales`: per-tensor and
/// second-level scales, per-channel scales reduced down the first axis, the `clip=mse` ratio). Each
/// slab then runs the element pass with its share of the groups: a block or a channel on the first
/// axis belongs to one slab, any other group (the tensor, a channel on a later axis) to every slab.
/// Stochastic rounding draws each element's bits from its index in the whole tensor, so slabs agree
/// with the whole pass there too. Results are those of `TensorFormat.fakeQuantize` bit for bit (the
/// fused block pass computes the same scales as `passScales`: `ScaledFormat.quantize`).
///
/// Covered: element formats without a scale (`UnscaledFormat`) and `ScaledFormat` but for CrossQuant's
/// `cross` scales, on tensors of two or more axes (a one-axis tensor's blocks run along the slab
/// axis itself). `init` returns nil for anything else, which the caller quantizes whole.
public struct SlabQuantizer: Sendable {
    enum Kind: Sendable {
        case element(any ElementFormat)
        case scaled(ScaledFormat, ScaledFormat.Scales)
    }

    /// Values per slab for callers that stream a tensor: 4 Mi (16 MiB of float32), large enough
    /// that each slab's passes use every core, small beside a tensor worth streaming.
    public static let slabElements = 1 << 22

    public let shape: [Int]
    /// Elements per index of the first axis.
    public let slabStride: Int
    let kind: Kind
    let mode: RoundingMode
    let seed: UInt64
    /// The index, in the tensor stochastic rounding numbers, of `input`'s first element: 0 for a
    /// whole tensor; a slab's offset when the quantizer is made from one slab (`slabLocal`).
    public let elementOffset: Int

    /// Prepares `format` on the whole `input` of `shape` (computing a scaled format's scales), or
    /// nil when the format or the shape has no slab form. Throws what the whole pass would throw
    /// for the scales (a block longer than the last axis, a scale beyond the scale format's range).
    /// `tensorAmax`: the finite amax of the tensor `input` is a slab of, for a second-level scale
    /// (`slabLocal(_:rank:givenTensorAmax:)`).
    public init?(_ format: any TensorFormat, input: UnsafeBufferPointer<Float>, shape: [Int], mode: RoundingMode, seed: UInt64,
                 elementOffset: Int = 0, tensorAmax: Float? = nil) throws {
        guard shape.count >= 2, let first = shape.first, first > 0, input.count % first == 0 else { return nil }
        if let unscaled = format as? UnscaledFormat {
            kind = .element(unscaled.element)
        } else if let scaled = format as? ScaledFormat {
            // CrossQuant's per-element scale t_i^a c_j^(1-a) reads row and column maxima: whole.
            if case .cross = scaled.granularity { return nil }
            let layout = try GroupLayout(scaled.granularity, shape: shape, count: input.count, spec: scaled.name)
            kind = .scaled(scaled, try scaled.passScales(input, layout: layout, tensorAmax: tensorAmax))
        } else {
            return nil
        }
        self.shape = shape
        slabStride = input.count / first
        self.mode = mode
        self.seed = seed
        self.elementOffset = elementOffset
    }

    /// Whether every scale group of `format` lies inside one index of the first axis of a tensor of
    /// `rank` axes, with nothing computed from the whole tensor: an element format; a block format
    /// (blocks run along the last axis) or first-axis channel scales, without a second-level tensor
    /// scale and with a fixed clip ratio (the `mse` clip is searched over the whole tensor). Then a
    /// quantizer made from one slab alone (with its `elementOffset`) writes what the whole tensor's
    /// quantizer writes for that slab, and a caller need never hold the whole input (a Hadamard
    /// cell rotating slab by slab). With `givenTensorAmax`, a second-level tensor scale is allowed too:
    /// the caller finds the whole tensor's finite amax first (`ScaledFormat.finiteAmax`, slab by slab)
    /// and passes it to each slab's quantizer (`tensorAmax`).
    public static func slabLocal(_ format: any TensorFormat, rank: Int, givenTensorAmax: Bool = false) -> Bool {
        guard rank >= 2 else { return false }
        if format is UnscaledFormat { return true }
        guard let scaled = format as? ScaledFormat, givenTensorAmax || !scaled.tensorScale, scaled.clipping.ratio != nil else { return false }
        switch scaled.granularity {
        case .block: return true
        case let .channel(axis): return axis == 0 || axis == -rank
        case .tensor, .cross: return false
        }
    }

    /// Writes the quantized values of first-axis indices `rows` to `output` (`rows.count *
    /// slabStride` values) from the whole `input`; for a scaled format, returns the scales of the
    /// slab, grouped by the slab's own layout (for its saturation limits).
    public func quantize(_ input: UnsafeBufferPointer<Float>, rows: Range<Int>,
                         into output: UnsafeMutableBufferPointer<Float>) throws -> ScaledFormat.Scales? {
        let start = rows.lowerBound * slabStride, count = rows.count * slabStride
        guard rows.lowerBound >= 0, rows.upperBound <= shape[0], output.count == count, input.count == shape[0] * slabStride else {
            throw FormatError.invalidBlock("slab \(rows) of shape \(shape) does not fit an output of \(output.count) values")
        }
        let slab = UnsafeBufferPointer(rebasing: input[start ..< start + count])
        switch kind {
        case let .element(element):
            element.quantize(slab, into: output, mode: mode, seed: seed, indexOffset: elementOffset + start)
            return nil
        case let .scaled(format, whole):
            let scales = try slabScales(format, whole, rows: rows)
            format.apply(scales, slab, output, mode: mode, seed: seed, indexBase: elementOffset + start)
            return scales
        }
    }

    /// The groups of slab `rows`: a block or first-axis channel group lies in one slab (blocks run
    /// along the last axis, so first-axis index r holds groups r * g ..< (r + 1) * g); a tensor or
    /// later-axis channel group spans every slab.
    func slabScales(_ format: ScaledFormat, _ whole: ScaledFormat.Scales, rows: Range<Int>) throws -> ScaledFormat.Scales {
        var slabShape = shape
        slabShape[0] = rows.count
        let layout = try GroupLayout(format.granularity, shape: slabShape, count: rows.count * slabStride, spec: format.name)
        let perRow: Int
        switch format.granularity {
        case .block: perRow = whole.layout.groupCount / shape[0]
        case let .channel(axis) where axis == 0 || axis == -shape.count: perRow = 1
        case .cross: throw FormatError.invalidBlock("'\(format.name)': cross scales are not split into slabs")
        case .tensor, .channel: return ScaledFormat.Scales(scales: whole.scales, zeroPoints: whole.zeroPoints, tensorScale: whole.tensorScale,
                                                           storedScales: whole.storedScales, layout: layout)
        }
        let groups = rows.lowerBound * perRow ..< rows.upperBound * perRow
        return ScaledFormat.Scales(scales: Array(whole.scales[groups]), zeroPoints: whole.zeroPoints.map { Array($0[groups]) },
                                   tensorScale: whole.tensorScale, storedScales: Array(whole.storedScales[groups]), layout: layout)
    }
}
