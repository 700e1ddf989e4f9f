import Experiments
import Formats
import Tensors

/// The peak memory of each command, estimated from tensor shapes (file headers, synthetic specs)
/// before any work, so a run that would not fit is refused with the figure and the limit
/// (`MemoryBudget`) instead of dying with "failed to allocate" or an OOM kill. Tensors are float32,
/// 4 bytes per element; each term below is an array the command holds at its peak (README, "Memory",
/// gives measured figures next to these estimates). The process itself adds about 20 MB.
public enum MemoryNeed {
    /// A sweep, an `analyze`, a notebook block (`SweepRunner` with its `InputCache`):
    /// - resident for the whole run: every tensor of every data source a cell uses (x), plus one
    ///   rotated copy per (source, Hadamard transform) pair;
    /// - per cell being computed (up to `jobs` at once), for its largest tensor: the quantized tensor
    ///   (q), the per-element saturation limits of a scaled format, the result rotated back of a
    ///   Hadamard cell, and the block crest factors (24 bytes per block: values, filtered, sorted).
    public static func sweep(_ spec: SweepSpec, jobs: Int, shard: Shard? = nil) throws -> Int {
        let cells = spec.cells().filter { shard?.contains($0.index) ?? true }
        var tensorBytes: [String: (total: Double, largest: Double)] = [:]
        for data in Set(cells.map(\.data.source.description)) {
            let source = cells.first { $0.data.source.description == data }!.data.source
            let sizes = try source.shapes().map { 4 * Double(Shape.elementCount($0.shape) ?? Shape.maxElements) }
            tensorBytes[data] = (sizes.reduce(0, +), sizes.max() ?? 0)
        }
        var resident = tensorBytes.values.reduce(0) { $0 + $1.total }
        var rotatedPairs: Set<String> = []
        var perCell = 0.0
        for cell in cells {
            let source = cell.data.source.description
            let bytes = tensorBytes[source]!
            let rotating = cell.transform != .none
            if rotating, rotatedPairs.insert("\(source) \(cell.transform)").inserted { resident += bytes.total }
            let scaled = (try? FormatRegistry.tensorFormat(cell.format)) is ScaledFormat
            let arrays = 1.0 + (scaled ? 1 : 0) + (rotating ? 1 : 0)
            perCell = Swift.max(perCell, bytes.largest * arrays + bytes.largest / 4 * 24 / Double(Swift.max(cell.blockSize, 1)))
        }
        return clamp(resident + Double(Swift.min(Swift.max(jobs, 1), Swift.max(cells.count, 1))) * perCell)
    }

    /// `quantize`: the input and the quantized tensor (written to the file straight from memory);
    /// with `--codes`, the input, the codes as UInt32 and as bytes, and the file image of the codes.
    public static func quantize(elements: Int, codes: Bool) -> Int {
        clamp(Double(elements) * (codes ? 4 + 4 + 1 + 1 : 4 + 4))
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
        bytes >= 0x1p62 ? 1 << 62 : Int(bytes.rounded(.up))
    }
}
