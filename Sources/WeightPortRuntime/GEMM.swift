/// `C = epilogue(A · B)` for a row-major `A` (`m × k`, row stride `lda`; activations or an
/// im2col block), a packed `B` (`k × n`, weights) and a row-major `C` (row stride `ldc`).
///
/// Blocked like BLIS: `blockRows` rows of A × `blockDepth` reduction steps stay in L2 while one
/// 16-column panel of B (`blockDepth × 16`, 16 KiB) stays in L1; a 4×16 register-tiled
/// micro-kernel with 8 `SIMD8<Float>` accumulators computes each tile. The epilogue (bias,
/// residual, activation) is applied to the registers of each tile's last reduction block
/// (edge tiles: to the tile in L1). No allocation.
struct GEMM: @unchecked Sendable {
    /// Columns per packed panel and per micro-tile.
    static let panelWidth = 16
    /// Rows per micro-tile.
    static let tileRows = 4
    /// Rows of A per L2 block (a multiple of `tileRows`).
    static let blockRows = 96
    /// Reduction steps per block.
    static let blockDepth = 256

    var a: UnsafePointer<Float>
    var lda: Int
    var b: PackedMatrix
    var c: UnsafeMutablePointer<Float>
    var ldc: Int
    var epilogue: Epilogue

    /// Computes rows `rows` (relative to `a` and `c`; the residual row index is `rowOffset + row`)
    /// over the panels `panels` of B. Disjoint row or panel ranges may run concurrently.
    func compute(rows: Range<Int>, panels: Range<Int>, rowOffset: Int = 0) {
        let k = b.rows
        var blockStart = rows.lowerBound
        while blockStart < rows.upperBound {
            let blockEnd = min(blockStart + Self.blockRows, rows.upperBound)
            var depthStart = 0
            repeat {
                let depth = min(Self.blockDepth, k - depthStart)
                let last = depthStart + depth == k
                for panel in panels {
                    let packed = b.panel(panel, row: depthStart)
                    let column = panel * Self.panelWidth
                    let columns = min(Self.panelWidth, b.columns - column)
                    var row = blockStart
                    while row < blockEnd {
                        let tileRows = min(Self.tileRows, blockEnd - row)
                        tile(row: row, rows: tileRows, column: column, columns: columns, depthStart: depthStart,
                             depth: depth, packed: packed, first: depthStart == 0, last: last, rowOffset: rowOffset)
                        row += Self.tileRows
                    }
                }
                depthStart += depth
            } while depthStart < k
            blockStart = blockEnd
        }
    }

    /// One micro-tile: full tiles go straight to C; edge tiles through a 4×16 stack tile.
    @inline(__always)
    private func tile(row: Int, rows: Int, column: Int, columns: Int, depthStart: Int, depth: Int,
                      packed: UnsafePointer<Float>, first: Bool, last: Bool, rowOffset: Int) {
        let a0 = a + row * lda + depthStart
        let a1 = rows > 1 ? a0 + lda : a0
        let a2 = rows > 2 ? a0 + 2 * lda : a0
        let a3 = rows > 3 ? a0 + 3 * lda : a0
        let out = c + row * ldc + column
        if rows == Self.tileRows && columns == Self.panelWidth {
            Self.microKernel(a0, a1, a2, a3, packed, depth: depth, c: out, ldc: ldc, accumulate: !first,
                             finish: last ? epilogue : nil, row: rowOffset + row, column: column)
            return
        }
        withUnsafeTemporaryAllocation(of: Float.self, capacity: Self.tileRows * Self.panelWidth) { buffer in
            guard let scratch = buffer.baseAddress else { return }
            if !first {
                for r in 0..<rows { (scratch + r * Self.panelWidth).update(from: out + r * ldc, count: columns) }
            }
            Self.microKernel(a0, a1, a2, a3, packed, depth: depth, c: scratch, ldc: Self.panelWidth, accumulate: !first,
                             finish: nil, row: 0, column: 0)
            if last {
                epilogue.apply(to: scratch, ldc: Self.panelWidth, row: rowOffset + row, rows: rows, column: column, columns: columns)
            }
            for r in 0..<rows { (out + r * ldc).update(from: scratch + r * Self.panelWidth, count: columns) }
        }
    }

    /// 4×16 register tile: `c[r][0..<16] (+)= Σ_k a_r[k] · b[k][0..<16]` with `b` a packed panel;
    /// with `finish`, the epilogue of output rows `row...` and columns `column...` is applied to
    /// the registers before they are stored.
    /// Written as `acc += x * y` (not `addProduct`, which becomes `fmaf` calls without CPU flags).
    /// Four rows, not six: without fused multiply-add each product needs a temporary register,
    /// and 8 accumulators + 2 B vectors + broadcast + product fit the 16 AVX registers without
    /// spilling (measured with `-target-cpu haswell`: 4×16 ≈ 83 GFLOP/s, 6×16 ≈ 40). Kept out of
    /// line: one call per tile is cheap, and inlined into `compute` it grew the caller past the
    /// optimiser's budget, which then left the epilogue and activation as calls per vector.
    @inline(never)
    static func microKernel(_ a0: UnsafePointer<Float>, _ a1: UnsafePointer<Float>, _ a2: UnsafePointer<Float>,
                            _ a3: UnsafePointer<Float>, _ b: UnsafePointer<Float>, depth: Int,
                            c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool,
                            finish: Epilogue?, row: Int, column: Int) {
        var c00 = SIMD8<Float>(), c01 = SIMD8<Float>(), c10 = SIMD8<Float>(), c11 = SIMD8<Float>()
        var c20 = SIMD8<Float>(), c21 = SIMD8<Float>(), c30 = SIMD8<Float>(), c31 = SIMD8<Float>()
        var bp = b
        for k in 0..<depth {
            let b0 = bp.vector(at: 0), b1 = bp.vector(at: 8)
            var x = SIMD8<Float>(repeating: a0[k])
            c00 += x * b0; c01 += x * b1
            x = SIMD8<Float>(repeating: a1[k])
            c10 += x * b0; c11 += x * b1
            x = SIMD8<Float>(repeating: a2[k])
            c20 += x * b0; c21 += x * b1
            x = SIMD8<Float>(repeating: a3[k])
            c30 += x * b0; c31 += x * b1
            bp += panelWidth
        }
        if accumulate {
            c00 += c.vector(at: 0); c01 += c.vector(at: 8)
            c10 += c.vector(at: ldc); c11 += c.vector(at: ldc + 8)
            c20 += c.vector(at: 2 * ldc); c21 += c.vector(at: 2 * ldc + 8)
            c30 += c.vector(at: 3 * ldc); c31 += c.vector(at: 3 * ldc + 8)
        }
        if let finish {
            c00 = finish.finish(c00, row: row, column: column); c01 = finish.finish(c01, row: row, column: column + 8)
            c10 = finish.finish(c10, row: row + 1, column: column); c11 = finish.finish(c11, row: row + 1, column: column + 8)
            c20 = finish.finish(c20, row: row + 2, column: column); c21 = finish.finish(c21, row: row + 2, column: column + 8)
            c30 = finish.finish(c30, row: row + 3, column: column); c31 = finish.finish(c31, row: row + 3, column: column + 8)
        }
        c.store(c00, at: 0); c.store(c01, at: 8)
        c.store(c10, at: ldc); c.store(c11, at: ldc + 8)
        c.store(c20, at: 2 * ldc); c.store(c21, at: 2 * ldc + 8)
        c.store(c30, at: 3 * ldc); c.store(c31, at: 3 * ldc + 8)
    }
}
