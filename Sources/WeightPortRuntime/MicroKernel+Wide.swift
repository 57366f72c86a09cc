#if WEIGHTPORT_AVX512
/// Tiles of 16-lane registers (`zmm`), in builds for AVX-512 CPUs (`WEIGHTPORT_AVX512`, set by
/// the Makefile with `-target-cpu skylake-avx512` where the host has AVX-512): 12, 6, 4, 2 or 1
/// rows over a whole 16-wide panel in one register per row, alone (16 columns) or with the next
/// panel, whole (32 columns) or its first half (24 columns, an 8-lane register per row); or 6, 4,
/// 2 or 1 rows over four whole panels (64 columns).
/// 12×32 keeps 24 of the 32 vector registers accumulating and loads 2 vectors of B per 12
/// broadcasts, so the loop's loads and address arithmetic cost less per multiply-add than with
/// 6 rows (a chain of 56×56×256 → 256 pointwise convolutions: 0.95× the time of 6×32 tiles).
/// 6×64 also keeps 24 accumulating, with 4 vectors of B per 6 broadcasts: 10 loads per 24
/// multiply-adds where 12×32 has 14, and each row of A is read once per 64 columns. Where 64
/// columns remain it replaces two 12×32 tiles: alternating A/B, median per-round ratio 0.94–0.97
/// at batch 1 on one thread (V2, V3-L), 0.96–0.99 on two, 0.91–0.98 at batch 8.
enum WideTileWidth: Int, Sendable {
    /// One whole panel (an odd one out, or the only one).
    case sixteen = 16
    /// A whole panel and the first half of the next (the last two when the output channels are
    /// 8 above a multiple of 16).
    case twentyFour = 24
    /// Two whole panels.
    case thirtyTwo = 32
    /// Four whole panels, at most 6 rows (24 accumulators): 4 vectors of B per 6 broadcasts,
    /// fewer loads per multiply-add than 12×32's 2 per 12.
    case sixtyFour = 64

    /// Columns of C the tile covers.
    var columns: Int { rawValue }
    /// Panels of B the tile reads.
    var panels: Int {
        switch self {
        case .sixteen: 1
        case .twentyFour, .thirtyTwo: 2
        case .sixtyFour: 4
        }
    }
    /// The heights of this width's tiles, tallest first (see `MicroKernel.wideTileHeights`).
    var heights: [Int] { self == .sixtyFour ? Self.sixtyFourHeights : MicroKernel.wideTileHeights }
    /// The 64-wide tile's heights: all but 12 (48 accumulators would not fit). Built once; the
    /// GEMM asks for the heights at every panel of every block.
    private static let sixtyFourHeights = Array(MicroKernel.wideTileHeights.dropFirst())
}

/// The compile-time form of a `WideTileWidth`, which specialises the kernel.
private protocol WideColumns { static var columns: Int { get } }
extension WideColumns {
    /// Whether the tile covers the whole next panel.
    static var whole: Bool { columns >= WideTileWidth.thirtyTwo.columns }
    /// Whether the tile covers the two panels after the next one too.
    static var quad: Bool { columns == WideTileWidth.sixtyFour.columns }
    /// Whether the tile covers the first half of the next panel.
    static var half: Bool { columns == WideTileWidth.twentyFour.columns }
}
/// `WideTileWidth.sixteen`.
private enum SixteenWide: WideColumns { static var columns: Int { 16 } }
/// `WideTileWidth.twentyFour`.
private enum TwentyFourWide: WideColumns { static var columns: Int { 24 } }
/// `WideTileWidth.thirtyTwo`.
private enum ThirtyTwoWide: WideColumns { static var columns: Int { 32 } }
/// `WideTileWidth.sixtyFour`.
private enum SixtyFourWide: WideColumns { static var columns: Int { 64 } }

/// Rows of a wide tile, at compile time.
private protocol WideRows { static var rows: Int { get } }
/// Twelve rows.
private enum TwelveWideRows: WideRows { static var rows: Int { 12 } }
/// Six rows (the edge of a block of 12-row tiles).
private enum SixWideRows: WideRows { static var rows: Int { 6 } }
/// Four rows (a dense layer over 4 or 5 samples, a block's last 4 or 5 rows).
private enum FourWideRows: WideRows { static var rows: Int { 4 } }
/// Two rows.
private enum TwoWideRows: WideRows { static var rows: Int { 2 } }
/// One row (a dense layer at batch 1, a block's last odd row). Each sum adds its
/// products in the same order as in the taller tiles, so a row's result does not depend on the
/// tile it falls in (nor on how rows are split among threads).
private enum OneWideRow: WideRows { static var rows: Int { 1 } }

/// One row's accumulators in a wide tile: over the first panel, and over the next one whole or
/// its first half (at most one of `next` and `half` is used, by the width), and over the two
/// after it (64-wide tiles).
private struct WideRowSums {
    var first = SIMD16<Float>()
    var next = SIMD16<Float>()
    var half = SIMD8<Float>()
    /// The two panels after the next one (64-wide tiles).
    var third = SIMD16<Float>()
    var fourth = SIMD16<Float>()
}

/// How a run of wide tiles applies its activation's piecewise-linear form to the final sums,
/// chosen once per run (`FusedActivation.LinearForm`) so that the kernel is specialised on it:
/// nothing for the identity (every projection), the bounds alone for relu and relu6, the whole
/// form (multiply-add, bounds, gate) otherwise. The whole form everywhere was, by count, a fifth
/// of a 12×32 tile's operations at a reduction of 16; specialised, V3-L's 112- and 56-pixel
/// blocks took 3–5% less time.
private protocol WideEpilogueForm {
    func apply(_ x: SIMD16<Float>) -> SIMD16<Float>
    func apply(_ x: SIMD8<Float>) -> SIMD8<Float>
}

/// `FusedActivation.LinearForm.identity`.
private struct IdentityForm: WideEpilogueForm {
    @_transparent func apply(_ x: SIMD16<Float>) -> SIMD16<Float> { x }
    @_transparent func apply(_ x: SIMD8<Float>) -> SIMD8<Float> { x }
}

/// `FusedActivation.LinearForm.clamp`: `min(max(x, low), high)` as `linearPart` clamps (NaN kept).
private struct ClampForm: WideEpilogueForm {
    let low: SIMD16<Float>, high: SIMD16<Float>

    init(_ activation: FusedActivation) {
        low = SIMD16(repeating: activation.low)
        high = SIMD16(repeating: activation.high)
    }

    @_transparent
    func apply(_ x: SIMD16<Float>) -> SIMD16<Float> {
        var y = x
        y.replace(with: low, where: y .< low)
        y.replace(with: high, where: y .> high)
        return y
    }

    @_transparent
    func apply(_ x: SIMD8<Float>) -> SIMD8<Float> {
        var y = x
        y.replace(with: low.lowHalf, where: y .< low.lowHalf)
        y.replace(with: high.lowHalf, where: y .> high.lowHalf)
        return y
    }
}

/// `FusedActivation.LinearForm.general`: `FusedActivation.linearPart`.
private struct GeneralForm: WideEpilogueForm {
    let activation: FusedActivation
    let linear: FusedActivation.LinearVectors
    let wideLinear: FusedActivation.WideLinearVectors

    init(_ activation: FusedActivation) {
        self.activation = activation
        linear = activation.linearVectors
        wideLinear = activation.wideLinearVectors
    }

    @_transparent func apply(_ x: SIMD16<Float>) -> SIMD16<Float> { activation.linearPart(x, wideLinear) }
    @_transparent func apply(_ x: SIMD8<Float>) -> SIMD8<Float> { activation.linearPart(x, linear) }
}

extension MicroKernel {
    /// The heights of the wide tiles, tallest first: a block's rows go through 12-row tiles, then
    /// at most one tile of each lower height (56 pixels = 4 × 12 + 6 + 2). A dense layer over the
    /// 4 samples a thread takes of a batch of 8 reads its weights once, where one row at a time
    /// read them from L2 four times: V3-L's classifier took 0.56 → 0.48–0.50 ms per layer, its
    /// 7×7 squeeze-and-excite layers 0.11 → 0.10 ms (2 threads, batch 8).
    static let wideTileHeights = [TwelveWideRows.rows, SixWideRows.rows, FourWideRows.rows, TwoWideRows.rows, OneWideRow.rows]

    /// `c[r][0..<w] (+)= Σ_k a_r[k] · b[k][0..<w]` for `tiles` stacked tiles of `rows` rows (12, 6,
    /// 4, 2 or 1), all valid, where columns 0–15 come from the packed panel `b` and the rest (if any) from
    /// `nextPanel`; otherwise as `run` (segments, the epilogue in registers, a curve on the stored
    /// tile).
    static func runWide(_ width: WideTileWidth, rows: Int, a: UnsafePointer<Float>, lda: Int, tiles: Int, b: UnsafePointer<Float>,
                        nextPanel: UnsafePointer<Float>, depth: Int, segments: Segments,
                        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, finish: Epilogue?, row: Int, column: Int) {
        func run<Width: WideColumns>(_ width: Width.Type) {
            runWide(width, rows: rows, a: a, lda: lda, tiles: tiles, b: b, nextPanel: nextPanel, depth: depth,
                    segments: segments, c: c, ldc: ldc, accumulate: accumulate, finish: finish, row: row, column: column)
        }
        switch width {
        case .sixtyFour: run(SixtyFourWide.self)
        case .thirtyTwo: run(ThirtyTwoWide.self)
        case .twentyFour: run(TwentyFourWide.self)
        case .sixteen: run(SixteenWide.self)
        }
    }

    /// `runWide` for one width: the kernel of the height `rows`.
    private static func runWide<Width: WideColumns>(
        _ width: Width.Type, rows: Int, a: UnsafePointer<Float>, lda: Int, tiles: Int, b: UnsafePointer<Float>,
        nextPanel: UnsafePointer<Float>, depth: Int, segments: Segments,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, finish: Epilogue?, row: Int, column: Int
    ) {
        func run<Rows: WideRows>(_ rows: Rows.Type) {
            wideTiles(width, rows, a: a, lda: lda, tiles: tiles, b: b, nextPanel: nextPanel, depth: depth,
                      segments: segments, c: c, ldc: ldc, accumulate: accumulate, finish: finish, row: row, column: column)
        }
        switch rows {
        case TwelveWideRows.rows where !Width.quad: run(TwelveWideRows.self)
        case SixWideRows.rows: run(SixWideRows.self)
        case FourWideRows.rows: run(FourWideRows.self)
        case TwoWideRows.rows: run(TwoWideRows.self)
        case OneWideRow.rows: run(OneWideRow.self)
        default: preconditionFailure("a wide tile has 12 (up to 32 columns), 6, 4, 2 or 1 rows")
        }
    }

    /// `runWide` for one width and height, specialised per pair and out of line; each tile's
    /// epilogue specialised on the activation's `LinearForm`.
    @inline(never)
    private static func wideTiles<Width: WideColumns, Rows: WideRows>(
        _ width: Width.Type, _ rows: Rows.Type, a: UnsafePointer<Float>, lda: Int, tiles: Int, b: UnsafePointer<Float>,
        nextPanel: UnsafePointer<Float>, depth: Int, segments: Segments,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, finish: Epilogue?, row: Int, column: Int
    ) {
        let activation = finish?.activation ?? .none
        switch activation.linearForm {
        case .identity:
            tileRun(width, rows, a: a, lda: lda, tiles: tiles, b: b, nextPanel: nextPanel, depth: depth, segments: segments,
                    c: c, ldc: ldc, accumulate: accumulate, finish: finish, form: IdentityForm(), row: row, column: column)
        case .clamp:
            tileRun(width, rows, a: a, lda: lda, tiles: tiles, b: b, nextPanel: nextPanel, depth: depth, segments: segments,
                    c: c, ldc: ldc, accumulate: accumulate, finish: finish, form: ClampForm(activation), row: row, column: column)
        case .general:
            tileRun(width, rows, a: a, lda: lda, tiles: tiles, b: b, nextPanel: nextPanel, depth: depth, segments: segments,
                    c: c, ldc: ldc, accumulate: accumulate, finish: finish, form: GeneralForm(activation), row: row, column: column)
        }
    }

    /// `tiles` stacked tiles of `wideTiles`, the epilogue's activation applied as `form`.
    @_transparent
    private static func tileRun<Width: WideColumns, Rows: WideRows, Form: WideEpilogueForm>(
        _ width: Width.Type, _ rows: Rows.Type, a: UnsafePointer<Float>, lda: Int, tiles: Int, b: UnsafePointer<Float>,
        nextPanel: UnsafePointer<Float>, depth: Int, segments: Segments,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, finish: Epilogue?, form: Form, row: Int, column: Int
    ) {
        let height = Rows.rows
        for t in 0..<tiles {
            wideTile(width, rows, a + t * height * lda, lda: lda, b: b, nextPanel: nextPanel, depth: depth, segments: segments,
                     c: c + t * height * ldc, ldc: ldc, accumulate: accumulate, finish: finish, form: form,
                     row: row + t * height, column: column)
        }
    }

    /// One row's products at one reduction step: `x` broadcast against the first panel's vector
    /// `first` and the next panel's at `next` (whole, its first half, or not at all), and for a
    /// 64-wide tile the vectors at `third` and `fourth`.
    @_transparent
    private static func products<Width: WideColumns>(_ width: Width.Type, _ x: Float, _ first: SIMD16<Float>, _ next: UnsafePointer<Float>,
                                                     _ third: UnsafePointer<Float>, _ fourth: UnsafePointer<Float>,
                                                     _ sums: inout WideRowSums) {
        let splat = SIMD16<Float>(repeating: x)
        sums.first.addProduct(splat, first)
        if Width.whole { sums.next.addProduct(splat, next.vector(SIMD16<Float>.self, at: 0)) }
        if Width.half { sums.half.addProduct(splat.lowHalf, next.vector(at: 0)) }
        if Width.quad {
            sums.third.addProduct(splat, third.vector(SIMD16<Float>.self, at: 0))
            sums.fourth.addProduct(splat, fourth.vector(SIMD16<Float>.self, at: 0))
        }
    }

    /// One row of a wide tile made final and stored at `out` (output row `row`).
    @_transparent
    private static func store<Width: WideColumns, Form: WideEpilogueForm>(
        _ width: Width.Type, _ sums: WideRowSums, out: UnsafeMutablePointer<Float>, accumulate: Bool, finish: Epilogue?, form: Form,
        row: Int, column: Int
    ) {
        var sums = sums
        if accumulate {
            sums.first += out.vector(SIMD16<Float>.self, at: 0)
            if Width.whole { sums.next += out.vector(SIMD16<Float>.self, at: 16) }
            if Width.half { sums.half += out.vector(at: 16) }
            if Width.quad {
                sums.third += out.vector(SIMD16<Float>.self, at: 32)
                sums.fourth += out.vector(SIMD16<Float>.self, at: 48)
            }
        }
        guard let finish else {
            out.store(sums.first, at: 0)
            if Width.whole { out.store(sums.next, at: 16) }
            if Width.half { out.store(sums.half, at: 16) }
            if Width.quad {
                out.store(sums.third, at: 32)
                out.store(sums.fourth, at: 48)
            }
            return
        }
        out.store(form.apply(finish.biased(sums.first, row: row, column: column)), at: 0)
        if Width.whole { out.store(form.apply(finish.biased(sums.next, row: row, column: column + 16)), at: 16) }
        if Width.half { out.store(form.apply(finish.biased(sums.half, row: row, column: column + 16)), at: 16) }
        if Width.quad {
            out.store(form.apply(finish.biased(sums.third, row: row, column: column + 32)), at: 32)
            out.store(form.apply(finish.biased(sums.fourth, row: row, column: column + 48)), at: 48)
        }
    }

    /// One tile of `wideTiles`: row 0 in `s0`, row 1 (tiles of 2 rows or more) in `s1`, rows 2–3
    /// (4 or more) in `s2`, `s3`, rows 4–5 (6 or more) in `s4`, `s5`, rows 6–11 (12-row tiles) in
    /// `s6 … s11`.
    @inline(__always)
    private static func wideTile<Width: WideColumns, Rows: WideRows, Form: WideEpilogueForm>(
        _ width: Width.Type, _ rows: Rows.Type, _ a0: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>,
        nextPanel: UnsafePointer<Float>, depth: Int, segments: Segments, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool,
        finish: Epilogue?, form: Form, row: Int, column: Int
    ) {
        let tall = Rows.rows > 6, six = Rows.rows > 4, four = Rows.rows > 2, two = Rows.rows > 1
        var s0 = WideRowSums(), s1 = WideRowSums(), s2 = WideRowSums(), s3 = WideRowSums(), s4 = WideRowSums(), s5 = WideRowSums()
        var s6 = WideRowSums(), s7 = WideRowSums(), s8 = WideRowSums(), s9 = WideRowSums(), s10 = WideRowSums(), s11 = WideRowSums()
        // A 64-wide tile's third and fourth panels follow the next one at the same distance.
        let panelStride = Width.quad ? b.distance(to: nextPanel) : 0
        var bp = b, bq = nextPanel, br = nextPanel + panelStride, bs = nextPanel + 2 * panelStride
        let lda2 = 2 * lda
        for segment in 0..<segments.count {
            // Rows in groups of three, `lda` apart from one pointer per group: few pointers to
            // step, the rows addressed by scaled index.
            var g0 = a0 + segment * segments.stride
            var g1 = g0 + 3 * lda, g2 = g0 + 6 * lda, g3 = g0 + 9 * lda
            let end = g0 + depth
            while g0 < end {
                let first = bp.vector(SIMD16<Float>.self, at: 0)
                products(width, g0[0], first, bq, br, bs, &s0)
                if two { products(width, g0[lda], first, bq, br, bs, &s1) }
                if four {
                    products(width, g0[lda2], first, bq, br, bs, &s2)
                    products(width, g1[0], first, bq, br, bs, &s3)
                }
                if six {
                    products(width, g1[lda], first, bq, br, bs, &s4)
                    products(width, g1[lda2], first, bq, br, bs, &s5)
                }
                if tall {
                    products(width, g2[0], first, bq, br, bs, &s6)
                    products(width, g2[lda], first, bq, br, bs, &s7)
                    products(width, g2[lda2], first, bq, br, bs, &s8)
                    products(width, g3[0], first, bq, br, bs, &s9)
                    products(width, g3[lda], first, bq, br, bs, &s10)
                    products(width, g3[lda2], first, bq, br, bs, &s11)
                    g2 += 1
                    g3 += 1
                }
                g0 += 1
                g1 += 1
                bp += GEMM.panelWidth
                bq += GEMM.panelWidth
                if Width.quad {
                    br += GEMM.panelWidth
                    bs += GEMM.panelWidth
                }
            }
        }
        store(width, s0, out: c, accumulate: accumulate, finish: finish, form: form, row: row, column: column)
        if two {
            store(width, s1, out: c + ldc, accumulate: accumulate, finish: finish, form: form, row: row + 1, column: column)
        }
        if four {
            store(width, s2, out: c + 2 * ldc, accumulate: accumulate, finish: finish, form: form, row: row + 2, column: column)
            store(width, s3, out: c + 3 * ldc, accumulate: accumulate, finish: finish, form: form, row: row + 3, column: column)
        }
        if six {
            store(width, s4, out: c + 4 * ldc, accumulate: accumulate, finish: finish, form: form, row: row + 4, column: column)
            store(width, s5, out: c + 5 * ldc, accumulate: accumulate, finish: finish, form: form, row: row + 5, column: column)
        }
        if tall {
            store(width, s6, out: c + 6 * ldc, accumulate: accumulate, finish: finish, form: form, row: row + 6, column: column)
            store(width, s7, out: c + 7 * ldc, accumulate: accumulate, finish: finish, form: form, row: row + 7, column: column)
            store(width, s8, out: c + 8 * ldc, accumulate: accumulate, finish: finish, form: form, row: row + 8, column: column)
            store(width, s9, out: c + 9 * ldc, accumulate: accumulate, finish: finish, form: form, row: row + 9, column: column)
            store(width, s10, out: c + 10 * ldc, accumulate: accumulate, finish: finish, form: form, row: row + 10, column: column)
            store(width, s11, out: c + 11 * ldc, accumulate: accumulate, finish: finish, form: form, row: row + 11, column: column)
        }
        if let finish, finish.activation.hasCurve {
            finish.activation.applyCurve(to: c, stride: ldc, rows: Rows.rows, columns: Width.columns)
        }
    }
}
#endif
