import Experiments
import Formats
import Tensors

/// The peak memory of each command, estimated from tensor shapes (file headers, synthetic specs)
/// before any work, so a run that would not fit is refused with the figure and the limit
/// (`MemoryBudget`) instead of dying with "failed to allocate" or an OOM kill. Tensors are float32,
/// 4 bytes per element; each term below is an array the command holds at its peak (README, "Memory",
/// gives measured figures next to these estimates), plus `processBytes` for the program itself.
public enum MemoryNeed {
    /// The program without tensors (code, runtime, small tables): 20-30 MB measured, 32 MiB counted.
    public static let processBytes = 32 << 20

    /// A sweep, an `analyze`, a notebook block (`SweepRunner` with its `InputCache`):
    /// - resident for the whole run: every tensor of every data source a cell uses (x), plus one
    ///   rotated copy per (source, Hadamard transform) pair that a cell rotates whole (a format whose
    ///   scales need the whole tensor, a one-axis tensor; slab-local formats rotate slab by slab and
    ///   hold a second slab instead);
    /// - per cell being computed (up to `jobs` at once), for its largest tensor: the quantized values,
    ///   either one slab of them (`SlabQuantizer`: an element or scaled format on tensors of two or
    ///   more axes, rotated back slab by slab in a Hadamard cell; at most `SlabQuantizer.slabElements`
    ///   values, plus the slab's per-element saturation limits and 12 bytes per scale group) or the
    ///   whole quantized tensor (q) and next to it either the per-element saturation limits of a
    ///   scaled format or the result rotated back of a Hadamard cell; the block crest factors (24
    ///   bytes per block: values, filtered, sorted); and the kernel-share counts of every row and
    ///   column (`LineCounts`: 2, 4 or 8 bytes per line);
    /// - a matrix-product cell instead holds B beside A (resident) and `gemmCell`'s arrays;
    /// - `model:` entries run one at a time before the tensor cells, so the peak is the larger of
    ///   the tensor cells' and the largest model entry's (`model`).
    public static func sweep(_ spec: SweepSpec, jobs: Int, shard: Shard? = nil) throws -> Int {
        let cells = spec.cells().filter { shard?.contains($0.index) ?? true }
        var tensorBytes: [String: (total: Double, largest: Double, lines: Double, slabbed: Bool, shape: [Int])] = [:]
        // The shapes the spec already read from every source's headers (`DataInput.content`).
        for cell in cells where tensorBytes[cell.data.source.description] == nil {
            let data = cell.data.source.description
            let shapes = cell.data.content.tensors.map(\.shape)
            let sizes = shapes.map { 4 * Double(Shape.elementCount($0) ?? Shape.maxElements) }
            let largest = sizes.indices.max { sizes[$0] < sizes[$1] }.map { shapes[$0] } ?? []
            tensorBytes[data] = (sizes.reduce(0, +), sizes.max() ?? 0, shapes.map(lineCountBytes).max() ?? 0, shapes.allSatisfy { $0.count >= 2 },
                                 largest)
        }
        var resident = tensorBytes.values.reduce(0) { $0 + $1.total }
        var rotatedPairs: Set<String> = []
        var perCell = 0.0
        var operandsB: Set<String> = []
        for cell in cells {
            let source = cell.data.source.description
            let bytes = tensorBytes[source]!
            let rotating = cell.transform != .none
            if let gemm = cell.data.gemm {
                if operandsB.insert(gemm.bKey).inserted { resident += 4 * Double(gemm.n) * Double(gemm.k) }
                perCell = Swift.max(perCell, gemmCell(gemm, rotating: rotating, blockSize: cell.blockSize))
                continue
            }
            let format = cell.format.format
            // A Hadamard cell of a slab-local format rotates slab by slab (`measureRotatedInSlabs`):
            // no rotated copy, a second slab buffer instead.
            let streamsRotation = rotating && bytes.slabbed && !(format is SearchFormat) && SlabQuantizer.slabLocal(format, rank: bytes.shape.count, givenTensorAmax: true)
            if rotating, !streamsRotation, rotatedPairs.insert("\(source) \(cell.transform)").inserted { resident += bytes.total }
            let scaled = format as? ScaledFormat
            let crest = bytes.largest / 4 * 24 / Double(Swift.max(cell.blockSize, 1))
            let values: Double
            var crossScaled = false
            if case .cross? = scaled?.granularity { crossScaled = true }
            if bytes.slabbed, format is UnscaledFormat || (scaled != nil && !crossScaled) {
                let groups: Double
                var perElementLimits = scaled?.asymmetric ?? false
                switch scaled?.granularity {
                case let .block(k)?: groups = bytes.largest / 4 / Double(k)
                case let .channel(axis)?:
                    let a = axis < 0 ? bytes.shape.count + axis : axis
                    groups = Double(bytes.shape.indices.contains(a) ? bytes.shape[a] : 1); perElementLimits = true
                case .tensor?, .cross?, nil: groups = 1
                }
                let slab = Swift.min(bytes.largest, 4 * Double(SlabQuantizer.slabElements))
                values = slab * (perElementLimits ? 2 : 1) + (streamsRotation ? slab : 0) + 12 * groups
            } else {
                values = bytes.largest * (1.0 + (scaled != nil || rotating ? 1 : 0))
            }
            perCell = Swift.max(perCell, values + crest + bytes.lines)
        }
        let tensorCells = resident + Double(Swift.min(Swift.max(jobs, 1), Swift.max(cells.count, 1))) * perCell
        return clamp(Swift.max(tensorCells, try models(spec, shard: shard)))
    }

    /// One matrix-product cell (`CellRunner.runGemm`), A (M x K) and B (N x K) resident: each operand
    /// quantized (`QuantizedOperand`: its elements and its dequantized values, 2 M K and 2 N K
    /// floats), Y (M N floats), the sampled exact references (two doubles per sampled output), and
    /// while an operand is measured in a Hadamard cell, its rotation and the result rotated back (2
    /// floats per element of the larger operand) with its block crest factors and line counts.
    static func gemmCell(_ g: GemmOperands, rotating: Bool, blockSize: Int) -> Double {
        let m = Double(g.m), n = Double(g.n), k = Double(g.k)
        let larger = Swift.max(m, n) * k
        let measuring = (rotating ? 2 * 4 * larger : 0) + larger * 24 / Double(Swift.max(blockSize, 1))
            + Swift.max(lineCountBytes([g.m, g.k]), lineCountBytes([g.n, g.k]))
        return 4 * (2 * (m + n) * k + m * n) + 16 * Swift.min(Double(g.samples), m * n) + measuring
    }

    /// The kernel-share counts of a tensor: two counts per row and per column, each in the narrowest
    /// unsigned type holding the line length (`LineCounts`).
    static func lineCountBytes(_ shape: [Int]) -> Double {
        let columns = Double(Swift.max(shape.last ?? 1, 1))
        let rows = Double(Shape.elementCount(shape) ?? Shape.maxElements) / columns
        func width(_ length: Double) -> Double { length <= 255 ? 1 : length <= 65535 ? 2 : 4 }
        return 2 * (rows * width(columns) + columns * width(rows))
    }

    /// `quantize`: the input, quantized in place where the format allows it (`quantizesInPlace`),
    /// else beside a copy, and written to the file or standard output straight from memory; with
    /// `--codes`, the input, the codes as UInt32 and as bytes, and the file image of the codes.
    public static func quantize(elements: Int, codes: Bool, inPlace: Bool = false) -> Int {
        clamp(Double(elements) * (codes ? 4 + 4 + 1 + 1 : inPlace ? 4 : 4 + 4))
    }

    /// `dequantize`: the codes as read (float32), as UInt32, and the decoded float32 values.
    public static func dequantize(elements: Int) -> Int {
        clamp(Double(elements) * (4 + 4 + 4))
    }

    /// Refuses `need` bytes above the budget of this process; `what` names the work.
    public static func check(_ need: Int, for what: String) throws {
        try MemoryBudget.current().check(need, for: what)
    }

    private static func clamp(_ bytes: Double) -> Int {
        let total = bytes + Double(processBytes)
        return total >= 0x1p62 ? 1 << 62 : Int(total.rounded(.up))
    }
}
