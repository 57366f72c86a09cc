/// `C = epilogue(A · B)` for a row-major `A` (`m × k`, row stride `lda`; activations or an
/// im2col block), a packed `B` (`k × n`, weights) and a row-major `C` (row stride `ldc`).
///
/// Blocked like BLIS: `blockRows` rows of A × `blockDepth` reduction steps stay in L2 while one
/// 16-column panel of B (`blockDepth × 16`, 16 KiB) stays in L1; a register-tiled
/// `MicroKernel` (4×16 or 6×16, whichever is faster here; with FMA, 4×24 over a full panel and
/// a last half panel; in AVX-512 builds, 16-lane tiles of 12, 6, 4, 2 or 1 rows over one or two
/// panels, or of 6, 4, 2 or 1 rows over four, `MicroKernel+Wide`) computes each tile. The
/// epilogue (bias, residual, activation) is applied to the registers of each tile's last
/// reduction block (odd-width edge tiles: to the tile in L1). No allocation.
struct GEMM: @unchecked Sendable {
    /// Columns per packed panel and per micro-tile.
    static let panelWidth = 16
    /// Rows of A per L2 block (a multiple of every micro-kernel's height).
    static let blockRows = 96
    /// Reduction steps per block.
    static let blockDepth = 256

    var a: UnsafePointer<Float>
    var lda: Int
    var b: PackedMatrix
    var c: UnsafeMutablePointer<Float>
    var ldc: Int
    var epilogue: Epilogue
    /// The rows of B this product reduces over (A's columns `0..<reduction.count`); all of B
    /// unless a convolution splits its window into several products into the same C.
    var reduction: Range<Int>
    /// Whether C already holds partial sums (of earlier reduction rows) to add to.
    var accumulates = false
    /// Whether this product's sums are final, so the epilogue is applied.
    var finishes = true
    /// The micro-kernel for full tiles (tests pin it; kernels use the process's fastest).
    var variant = MicroKernel.fastest
    /// How each row of A lies in memory: one run of the reduction, or (a convolution window read
    /// in place) `segments.count` equal runs, then computed as one reduction block.
    var segments = Segments.single

    /// `C = epilogue(A · B)` over all of B's rows, or `C (+)= A · B[reduction]` with the
    /// epilogue only when `finishes`.
    init(a: UnsafePointer<Float>, lda: Int, b: PackedMatrix, c: UnsafeMutablePointer<Float>, ldc: Int, epilogue: Epilogue,
         reduction: Range<Int>? = nil, accumulates: Bool = false, finishes: Bool = true) {
        self.a = a
        self.lda = lda
        self.b = b
        self.c = c
        self.ldc = ldc
        self.epilogue = epilogue
        self.reduction = reduction ?? 0..<b.rows
        self.accumulates = accumulates
        self.finishes = finishes
    }

    /// Computes rows `rows` (relative to `a` and `c`; the residual row index is `rowOffset + row`)
    /// over the panels `panels` of B. Disjoint row or panel ranges may run concurrently.
    func compute(rows: Range<Int>, panels: Range<Int>, rowOffset: Int = 0) {
        let tileRows = variant.rows
        let k = reduction.upperBound
        var blockStart = rows.lowerBound
        while blockStart < rows.upperBound {
            let blockEnd = min(blockStart + Self.blockRows, rows.upperBound)
            var depthStart = reduction.lowerBound
            repeat {
                // One pass over the whole reduction for a window read in place, and for a single
                // tile of rows (a dense layer at batch 1 to 6): no other tile reuses a block of B,
                // so B streams panel by panel from memory instead of in block-sized pieces.
                let span = segments.count > 1 || blockEnd - blockStart <= tileRows ? reduction.count : min(Self.blockDepth, k - depthStart)
                let depth = span / segments.count
                let first = depthStart == reduction.lowerBound && !accumulates
                let last = depthStart + span == k && finishes
                var panel = panels.lowerBound
                while panel < panels.upperBound {
                    let column = panel * Self.panelWidth
                    /// Rows `rows` of the block in tiles of `height` rows (the remainder as one
                    /// edge tile) over panel `p`.
                    func panelTiles(_ p: Int, rows: Range<Int>, height: Int) {
                        let packed = b.panel(p, row: depthStart), column = p * Self.panelWidth
                        let columns = min(Self.panelWidth, b.columns - column), full = rows.count / height
                        if full > 0 {
                            tiles(full, row: rows.lowerBound, rows: height, column: column, columns: columns,
                                  depthStart: depthStart - reduction.lowerBound, depth: depth, packed: packed, first: first, last: last,
                                  rowOffset: rowOffset, variant: variant)
                        }
                        if rows.lowerBound + full * height < rows.upperBound {
                            tiles(1, row: rows.lowerBound + full * height, rows: rows.count - full * height, column: column, columns: columns,
                                  depthStart: depthStart - reduction.lowerBound, depth: depth, packed: packed, first: first, last: last,
                                  rowOffset: rowOffset, variant: variant)
                        }
                    }
                    #if WEIGHTPORT_AVX512
                    // 16-lane registers over four or two whole panels, the last whole one and
                    // the last half one, or one whole panel.
                    if variant == .fused,
                       let width = Self.wideWidth(columnsFrom: b.columns - column, panelsLeft: panels.upperBound - panel) {
                        let next = b.panel(width.panels >= 2 ? panel + 1 : panel, row: depthStart)
                        var start = blockStart
                        for height in width.heights where blockEnd - start >= height {
                            let count = (blockEnd - start) / height
                            MicroKernel.runWide(width, rows: height, a: a + start * lda + (depthStart - reduction.lowerBound), lda: lda,
                                                tiles: count, b: b.panel(panel, row: depthStart), nextPanel: next,
                                                depth: depth, segments: segments, c: c + start * ldc + column, ldc: ldc,
                                                accumulate: !first, finish: last ? epilogue : nil, row: rowOffset + start, column: column)
                            start += count * height
                        }
                        panel += width.panels
                        continue
                    }
                    #endif
                    // A full panel followed by the last, half panel: 4×24 tiles over both.
                    if variant == .fused, b.columns - column == Self.panelWidth + EightColumns.columns, panel + 1 < panels.upperBound {
                        let quads = (blockEnd - blockStart) / FourRows.rows
                        if quads > 0 {
                            MicroKernel.run(FourRows.self, TwentyFourColumns.self, FusedMultiplyAdd.self,
                                            a: a + blockStart * lda + (depthStart - reduction.lowerBound), lda: lda, validRows: FourRows.rows,
                                            tiles: quads, b: b.panel(panel, row: depthStart), nextPanel: b.panel(panel + 1, row: depthStart),
                                            depth: depth, segments: segments, c: c + blockStart * ldc + column, ldc: ldc,
                                            accumulate: !first, finish: last ? epilogue : nil, row: rowOffset + blockStart, column: column)
                        }
                        let rest = (blockStart + quads * FourRows.rows)..<blockEnd
                        if !rest.isEmpty {
                            panelTiles(panel, rows: rest, height: rest.count)
                            panelTiles(panel + 1, rows: rest, height: rest.count)
                        }
                        panel += 2
                        continue
                    }
                    panelTiles(panel, rows: blockStart..<blockEnd, height: tileRows)
                    panel += 1
                }
                depthStart += span
            } while depthStart < k
            blockStart = blockEnd
        }
    }

    #if WEIGHTPORT_AVX512
    /// The 16-lane tile over the panel starting `columns` before B's last column, of the
    /// `panelsLeft` panels this call computes from there: four whole panels (64), two (32), a
    /// whole one and the last, half one (24), or a whole one alone (16); `nil` for a panel of
    /// fewer than 16 columns.
    private static func wideWidth(columnsFrom columns: Int, panelsLeft: Int) -> WideTileWidth? {
        let pairs = panelsLeft >= 2
        if panelsLeft >= 4, columns >= WideTileWidth.sixtyFour.columns { return .sixtyFour }
        if pairs, columns >= WideTileWidth.thirtyTwo.columns { return .thirtyTwo }
        if pairs, columns == WideTileWidth.twentyFour.columns { return .twentyFour }
        return columns >= WideTileWidth.sixteen.columns ? .sixteen : nil
    }
    #endif

    /// `count` stacked micro-tiles of `rows` rows each (`rows` is the variant's height, or a single
    /// edge tile of fewer rows): full tiles (16 or 8 columns) go straight to C in one kernel call,
    /// and so do edge tiles of one row (the one-row kernel) or four (the 4-row kernel; 196, 784
    /// and 3136 pixels leave 4 rows over 6-row tiles); other edge tiles go through a 6×16 stack
    /// tile.
    @inline(__always)
    private func tiles(_ count: Int, row: Int, rows: Int, column: Int, columns: Int, depthStart: Int, depth: Int,
                       packed: UnsafePointer<Float>, first: Bool, last: Bool, rowOffset: Int, variant: MicroKernel.Variant) {
        let a0 = a + row * lda + depthStart
        let out = c + row * ldc + column
        if columns == Self.panelWidth || columns == EightColumns.columns, rows == variant.rows || rows == 1 || rows == FourRows.rows {
            let finish = last ? epilogue : nil
            /// The tiles straight into C, `Width.columns` wide.
            @inline(__always)
            func direct<Width: TileWidth>(_ width: Width.Type) {
                switch (variant, rows) {
                case (_, 1):
                    MicroKernel.run(OneRow.self, width, SeparateMultiplyAdd.self, a: a0, lda: lda, validRows: 1, tiles: count,
                                    b: packed, depth: depth, segments: segments,
                                    c: out, ldc: ldc, accumulate: !first, finish: finish, row: rowOffset + row, column: column)
                case (.separate, _):
                    MicroKernel.run(FourRows.self, width, SeparateMultiplyAdd.self, a: a0, lda: lda, validRows: rows, tiles: count,
                                    b: packed, depth: depth, segments: segments,
                                    c: out, ldc: ldc, accumulate: !first, finish: finish, row: rowOffset + row, column: column)
                case (.fused, FourRows.rows):
                    MicroKernel.run(FourRows.self, width, FusedMultiplyAdd.self, a: a0, lda: lda, validRows: rows, tiles: count,
                                    b: packed, depth: depth, segments: segments,
                                    c: out, ldc: ldc, accumulate: !first, finish: finish, row: rowOffset + row, column: column)
                case (.fused, _):
                    MicroKernel.run(SixRows.self, width, FusedMultiplyAdd.self, a: a0, lda: lda, validRows: rows, tiles: count,
                                    b: packed, depth: depth, segments: segments,
                                    c: out, ldc: ldc, accumulate: !first, finish: finish, row: rowOffset + row, column: column)
                }
            }
            if columns == Self.panelWidth { direct(SixteenColumns.self) } else { direct(EightColumns.self) }
            return
        }
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 6 * Self.panelWidth) { buffer in
            guard let scratch = buffer.baseAddress else { return }
            for t in 0..<count {
                let tileRow = row + t * rows, a0 = a0 + t * rows * lda, out = out + t * rows * ldc
                if !first {
                    for r in 0..<rows { (scratch + r * Self.panelWidth).update(from: out + r * ldc, count: columns) }
                }
                switch variant {
                case .separate:
                    MicroKernel.run(FourRows.self, SixteenColumns.self, SeparateMultiplyAdd.self, a: a0, lda: lda, validRows: rows, tiles: 1,
                                    b: packed, depth: depth, segments: segments,
                                    c: scratch, ldc: Self.panelWidth, accumulate: !first, finish: nil, row: 0, column: 0)
                case .fused:
                    MicroKernel.run(SixRows.self, SixteenColumns.self, FusedMultiplyAdd.self, a: a0, lda: lda, validRows: rows, tiles: 1,
                                    b: packed, depth: depth, segments: segments,
                                    c: scratch, ldc: Self.panelWidth, accumulate: !first, finish: nil, row: 0, column: 0)
                }
                if last {
                    epilogue.apply(to: scratch, ldc: Self.panelWidth, row: rowOffset + tileRow, rows: rows, column: column, columns: columns)
                }
                for r in 0..<rows { (out + r * ldc).update(from: scratch + r * Self.panelWidth, count: columns) }
            }
        }
    }
}
