/// A `k × n` right-hand GEMM operand (weights) packed once into column panels of
/// `GEMM.panelWidth` columns: panel `p` holds rows `0..<k` of columns `p·16 ..< p·16+16`,
/// 16 consecutive floats per row, zero-padded past `n`. The micro-kernel streams a panel
/// linearly with two aligned vector loads per row.
struct PackedMatrix: Sendable {
    /// Rows (the reduction dimension).
    let rows: Int
    /// Columns (output channels).
    let columns: Int
    /// Number of panels, `ceil(columns / 16)`.
    let panels: Int
    let storage: FloatBuffer

    /// Packs `columns` columns of the row-major matrix `source` (row stride `stride`), starting
    /// at column `offset`. O(k·n).
    init(rows: Int, columns: Int, source: [Float], offset: Int, stride: Int) {
        precondition(rows == 0 || (rows - 1) * stride + offset + columns <= source.count, "matrix outside its source")
        let width = GEMM.panelWidth
        self.rows = rows
        self.columns = columns
        panels = (columns + width - 1) / width
        storage = FloatBuffer(count: panels * rows * width)
        let packed = storage.pointer
        for panel in 0..<panels {
            let first = panel * width, count = min(width, columns - first)
            for row in 0..<rows {
                let target = packed + (panel * rows + row) * width
                for column in 0..<count { target[column] = source[row * stride + offset + first + column] }
            }
        }
    }

    /// The first float of `panel` at reduction row `row`.
    @inline(__always)
    func panel(_ panel: Int, row: Int) -> UnsafePointer<Float> {
        UnsafePointer(storage.pointer + (panel * rows + row) * GEMM.panelWidth)
    }
}
