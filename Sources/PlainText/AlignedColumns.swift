/// Plain-text tables for the terminal: every column padded to its widest cell, cells joined by two
/// spaces, one line per row. The one table aligner of the CLI (`formats`, `bench`, `analyze`).
public enum AlignedColumns {
    public enum Alignment: Sendable { case left, right }

    /// `rows` as aligned lines, each ending in a newline. Column `k` is aligned as `alignment(k)`;
    /// a left-aligned last cell is not padded, so no line ends in spaces.
    public static func text(_ rows: [[String]], alignment: (_ column: Int) -> Alignment = { _ in .left }) -> String {
        guard let columns = rows.map(\.count).max() else { return "" }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows { for (k, cell) in row.enumerated() { widths[k] = max(widths[k], cell.count) } }
        return rows.map { row in
            row.enumerated().map { k, cell in
                let pad = String(repeating: " ", count: widths[k] - cell.count)
                switch alignment(k) {
                case .right: return pad + cell
                case .left: return k == row.count - 1 ? cell : cell + pad
                }
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
