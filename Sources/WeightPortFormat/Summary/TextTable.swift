/// A plain-text table with aligned columns, for the text renderings of `inspect`. Widths count
/// characters (`×`, `→` and `ε` are one column each), not bytes.
struct TextTable {
    /// Column alignment.
    enum Alignment { case left, right }

    /// One column: header and alignment.
    struct Column {
        var header: String
        var alignment: Alignment
    }

    var columns: [Column]
    var rows: [[String]] = []

    init(_ columns: [(String, Alignment)]) {
        self.columns = columns.map { Column(header: $0.0, alignment: $0.1) }
    }

    mutating func append(_ row: [String]) {
        precondition(row.count == columns.count, "row has \(row.count) cells for \(columns.count) columns")
        rows.append(row)
    }

    /// Header, a rule of dashes, then the rows; columns two spaces apart, no trailing spaces.
    func lines() -> [String] {
        var widths = columns.map(\.header.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (index, cell) in cells.enumerated() {
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                if index > 0 { text += "  " }
                text += columns[index].alignment == .left ? cell + padding : padding + cell
            }
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        return [line(columns.map(\.header)), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)
    }
}
