/// A matrix B of n rows and k columns (row-major, one row per output feature, as PyTorch stores
/// `nn.Linear.weight`) repacked for `DenseProduct`: the rows are cut into panels of
/// `PanelMatrix.width` consecutive rows, and panel p stores, for every column j in order, the
/// `width` values B[p*width + i][j] (i = 0 ..< width) next to each other. Rows past n in the last
/// panel are zeros. The kernel then reads one contiguous vector per step of the reduction.
public struct PanelMatrix: Sendable {
    /// Rows per panel: the outputs `DenseProduct` computes per reduction step, one `SIMD16<Float>`
    /// (two AVX2 registers) or, where the kernels are built for AVX-512, two.
    #if QUANTLAB_AVX512
    public static let width = 32
    #else
    public static let width = 16
    #endif

    /// n: the number of rows of B (the outputs of a linear map).
    public let rows: Int
    /// k: the number of columns of B (the reduction length).
    public let columns: Int
    /// The panels, `panelCount * columns * width` floats.
    public let storage: [Float]

    public var panelCount: Int { (rows + Self.width - 1) / Self.width }

    /// Packs `values` (rows x columns, row-major).
    public init(rows: Int, columns: Int, values: UnsafeBufferPointer<Float>) {
        precondition(rows >= 0 && columns >= 0 && values.count == rows * columns, "PanelMatrix: \(values.count) values for \(rows)x\(columns)")
        self.rows = rows
        self.columns = columns
        let w = Self.width
        let panels = (rows + w - 1) / w
        storage = [Float](unsafeUninitializedCapacity: panels * columns * w) { out, initialized in
            for p in 0..<panels {
                for j in 0..<columns {
                    for i in 0..<w {
                        let r = p * w + i
                        out[(p * columns + j) * w + i] = r < rows ? values[r * columns + j] : 0
                    }
                }
            }
            initialized = panels * columns * w
        }
    }

    public init(rows: Int, columns: Int, values: [Float]) {
        self = values.withUnsafeBufferPointer { PanelMatrix(rows: rows, columns: columns, values: $0) }
    }

    /// B back in its row-major form (rows x columns).
    public func unpacked() -> [Float] {
        let w = Self.width
        var out = [Float](repeating: 0, count: rows * columns)
        for r in 0..<rows {
            let p = r / w, i = r % w
            for j in 0..<columns { out[r * columns + j] = storage[(p * columns + j) * w + i] }
        }
        return out
    }
}
