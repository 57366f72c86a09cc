/// How a micro-kernel accumulates `acc + a · b`.
protocol MultiplyAccumulate {
    static func accumulate(_ sum: inout SIMD8<Float>, _ a: SIMD8<Float>, _ b: SIMD8<Float>)
}

/// `acc += a * b`: a multiply and an add, fast on every CPU. Each product needs a temporary
/// register, so a tile of 4 rows (8 accumulators) is the largest that does not spill.
enum SeparateMultiplyAdd: MultiplyAccumulate {
    @inline(__always)
    static func accumulate(_ sum: inout SIMD8<Float>, _ a: SIMD8<Float>, _ b: SIMD8<Float>) { sum += a * b }
}

/// `acc.addProduct(a, b)`: one `vfmadd` when compiled for a CPU with FMA (`-target-cpu
/// haswell`), a library `fmaf` call per lane otherwise — so only builds that define
/// `WEIGHTPORT_FMA` use it. No temporary: a tile of 6 rows (12 accumulators) fits.
enum FusedMultiplyAdd: MultiplyAccumulate {
    @inline(__always)
    static func accumulate(_ sum: inout SIMD8<Float>, _ a: SIMD8<Float>, _ b: SIMD8<Float>) { sum.addProduct(a, b) }
}

/// How a row of a GEMM's A lies in memory: `count` runs of the reduction, `stride` floats apart.
struct Segments: Sendable {
    var count: Int
    var stride: Int
    /// One contiguous run.
    static let single = Segments(count: 1, stride: 0)
}

/// Rows of A a micro-kernel covers.
protocol TileHeight { static var rows: Int { get } }
/// One row: a matrix–vector product (dense and squeeze-and-excite layers at batch 1).
enum OneRow: TileHeight { static var rows: Int { 1 } }
/// The tile of `SeparateMultiplyAdd`.
enum FourRows: TileHeight { static var rows: Int { 4 } }
/// The tile of `FusedMultiplyAdd`.
enum SixRows: TileHeight { static var rows: Int { 6 } }

/// Columns of C a micro-kernel covers: a whole 16-wide panel, or its first half (the last panel
/// when the output channels are 8 above a multiple of 16, such as 24, 40 or 120), which skips
/// the multiplications by the panel's zero padding.
protocol TileWidth { static var columns: Int { get } }
/// A whole panel.
enum SixteenColumns: TileWidth { static var columns: Int { 16 } }
/// A whole panel and the first half of the next (the last panel when the output channels are 8
/// above a multiple of 16): with 4 rows, 12 accumulators that load 3 vectors of B per 4
/// broadcasts, where that half panel alone would take a 6×8 tile of half the work per call.
enum TwentyFourColumns: TileWidth { static var columns: Int { 24 } }
/// The first half of a panel.
enum EightColumns: TileWidth { static var columns: Int { 8 } }

/// The register-tiled GEMM micro-kernel, written once for up to 6×16 and specialised per tile
/// height, width and accumulation (unused rows and columns compile away).
enum MicroKernel {
    /// The two kernels a GEMM can use for full tiles.
    enum Variant: Sendable {
        /// 4×16, `acc += a * b`.
        case separate
        /// 6×16, `addProduct`.
        case fused

        /// Rows of a full tile.
        var rows: Int { self == .separate ? FourRows.rows : SixRows.rows }
    }

    /// The variant of this build, fixed when it is compiled so that every process of one binary
    /// computes bit-identical results: `fused` when the build defines `WEIGHTPORT_FMA` (the
    /// Makefile does, together with `-target-cpu haswell`, so that `addProduct` is one `vfmadd`),
    /// `separate` otherwise (without FMA code generation `addProduct` is a library call per lane).
    /// The two round differently by at most an ulp per accumulation.
    #if WEIGHTPORT_FMA
    static let fastest = Variant.fused
    #else
    static let fastest = Variant.separate
    #endif

    /// `c[r][0..<w] (+)= Σ_k a_r[k] · b[k][0..<w]` for `tiles` stacked tiles of `Rows.rows` rows
    /// (tile `t` covers rows `t · Rows.rows ..<` of A and C) and `w = Width.columns`, `b` a packed
    /// 16-wide panel (24 wide, at most 4 rows: columns 16–23 from the first half of `nextPanel`).
    /// Row `r` of A starts at `a + r · lda`, but a tile reads only its first `validRows` rows (the
    /// others repeat the first; their results are garbage, for a scratch C);
    /// a row of A is `segments.count` runs of `depth` floats, `segments.stride` apart (the kernel
    /// rows of a convolution window, read in place), B's rows following on. With `finish`, the
    /// epilogue of output rows `row...` and columns `column...` is applied to the registers before
    /// they are stored (but for a transcendental activation curve, applied to the stored tile: a
    /// call among the registers would spill all twelve accumulators around it). Out of line:
    /// inlined into `GEMM.compute` it grew the caller past the optimiser's budget, which then left
    /// the epilogue as calls per vector (so did a per-row store helper). Several tiles per call,
    /// because at a small depth (16–24 input channels) the call and the epilogue cost as much as
    /// the products.
    @inline(never)
    static func run<Rows: TileHeight, Width: TileWidth, Accumulation: MultiplyAccumulate>(
        _ rows: Rows.Type, _ width: Width.Type, _ accumulation: Accumulation.Type,
        a: UnsafePointer<Float>, lda: Int, validRows: Int, tiles: Int, b: UnsafePointer<Float>, nextPanel: UnsafePointer<Float>? = nil,
        depth: Int, segments: Segments = .single,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, finish: Epilogue?, row: Int, column: Int
    ) {
        let height = Rows.rows
        let linear = finish?.activation.linearVectors ?? .identity
        for t in 0..<tiles {
            let a0 = a + t * height * lda
            let a1 = validRows > 1 ? a0 + lda : a0, a2 = validRows > 2 ? a0 + 2 * lda : a0
            let a3 = validRows > 3 ? a0 + 3 * lda : a0, a4 = validRows > 4 ? a0 + 4 * lda : a0
            let a5 = validRows > 5 ? a0 + 5 * lda : a0
            tile(rows, width, accumulation, a0, a1, a2, a3, a4, a5, b: b, nextPanel: nextPanel ?? b, depth: depth, segments: segments,
                 c: c + t * height * ldc, ldc: ldc, accumulate: accumulate, finish: finish, linear: linear,
                 row: row + t * height, column: column)
        }
    }

    /// One tile of `run`, rows of A at `a0 … a5`.
    @inline(__always)
    private static func tile<Rows: TileHeight, Width: TileWidth, Accumulation: MultiplyAccumulate>(
        _ rows: Rows.Type, _ width: Width.Type, _ accumulation: Accumulation.Type,
        _ a0: UnsafePointer<Float>, _ a1: UnsafePointer<Float>, _ a2: UnsafePointer<Float>, _ a3: UnsafePointer<Float>,
        _ a4: UnsafePointer<Float>, _ a5: UnsafePointer<Float>, b: UnsafePointer<Float>, nextPanel: UnsafePointer<Float>,
        depth: Int, segments: Segments,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, finish: Epilogue?, linear: FusedActivation.LinearVectors,
        row: Int, column: Int
    ) {
        // A 24-wide tile is at most 4 rows high (`third` accumulators replace rows 4 and 5).
        let height = Rows.rows, wide = Width.columns > 8, third = Width.columns > 16
        var c00 = SIMD8<Float>(), c01 = SIMD8<Float>(), c10 = SIMD8<Float>(), c11 = SIMD8<Float>()
        var c20 = SIMD8<Float>(), c21 = SIMD8<Float>(), c30 = SIMD8<Float>(), c31 = SIMD8<Float>()
        var c40 = SIMD8<Float>(), c41 = SIMD8<Float>(), c50 = SIMD8<Float>(), c51 = SIMD8<Float>()
        var c02 = SIMD8<Float>(), c12 = SIMD8<Float>(), c22 = SIMD8<Float>(), c32 = SIMD8<Float>()
        var bp = b, bq = nextPanel
        for segment in 0..<segments.count {
            let offset = segment * segments.stride
            let a0 = a0 + offset, a1 = a1 + offset, a2 = a2 + offset, a3 = a3 + offset, a4 = a4 + offset, a5 = a5 + offset
            for k in 0..<depth {
                let b0 = bp.vector(at: 0), b1 = wide ? bp.vector(at: 8) : b0, b2 = third ? bq.vector(at: 0) : b0
                var x = SIMD8<Float>(repeating: a0[k])
                Accumulation.accumulate(&c00, x, b0)
                if wide { Accumulation.accumulate(&c01, x, b1) }
                if third { Accumulation.accumulate(&c02, x, b2) }
                if height > 1 {
                    x = SIMD8<Float>(repeating: a1[k])
                    Accumulation.accumulate(&c10, x, b0)
                    if wide { Accumulation.accumulate(&c11, x, b1) }
                    if third { Accumulation.accumulate(&c12, x, b2) }
                    x = SIMD8<Float>(repeating: a2[k])
                    Accumulation.accumulate(&c20, x, b0)
                    if wide { Accumulation.accumulate(&c21, x, b1) }
                    if third { Accumulation.accumulate(&c22, x, b2) }
                    x = SIMD8<Float>(repeating: a3[k])
                    Accumulation.accumulate(&c30, x, b0)
                    if wide { Accumulation.accumulate(&c31, x, b1) }
                    if third { Accumulation.accumulate(&c32, x, b2) }
                }
                if height > 4 {
                    x = SIMD8<Float>(repeating: a4[k])
                    Accumulation.accumulate(&c40, x, b0)
                    if wide { Accumulation.accumulate(&c41, x, b1) }
                    x = SIMD8<Float>(repeating: a5[k])
                    Accumulation.accumulate(&c50, x, b0)
                    if wide { Accumulation.accumulate(&c51, x, b1) }
                }
                bp += GEMM.panelWidth
                if third { bq += GEMM.panelWidth }
            }
        }
        if accumulate {
            c00 += c.vector(at: 0)
            if wide { c01 += c.vector(at: 8) }
            if height > 1 {
                c10 += c.vector(at: ldc); c20 += c.vector(at: 2 * ldc); c30 += c.vector(at: 3 * ldc)
                if wide { c11 += c.vector(at: ldc + 8); c21 += c.vector(at: 2 * ldc + 8); c31 += c.vector(at: 3 * ldc + 8) }
            }
            if height > 4 {
                c40 += c.vector(at: 4 * ldc); c50 += c.vector(at: 5 * ldc)
                if wide { c41 += c.vector(at: 4 * ldc + 8); c51 += c.vector(at: 5 * ldc + 8) }
            }
            if third {
                c02 += c.vector(at: 16)
                if height > 1 { c12 += c.vector(at: ldc + 16); c22 += c.vector(at: 2 * ldc + 16); c32 += c.vector(at: 3 * ldc + 16) }
            }
        }
        if let finish {
            c00 = finish.finish(c00, row: row, column: column, linear)
            if wide { c01 = finish.finish(c01, row: row, column: column + 8, linear) }
            if height > 1 {
                c10 = finish.finish(c10, row: row + 1, column: column, linear)
                c20 = finish.finish(c20, row: row + 2, column: column, linear)
                c30 = finish.finish(c30, row: row + 3, column: column, linear)
                if wide {
                    c11 = finish.finish(c11, row: row + 1, column: column + 8, linear)
                    c21 = finish.finish(c21, row: row + 2, column: column + 8, linear)
                    c31 = finish.finish(c31, row: row + 3, column: column + 8, linear)
                }
            }
            if height > 4 {
                c40 = finish.finish(c40, row: row + 4, column: column, linear)
                c50 = finish.finish(c50, row: row + 5, column: column, linear)
                if wide {
                    c41 = finish.finish(c41, row: row + 4, column: column + 8, linear)
                    c51 = finish.finish(c51, row: row + 5, column: column + 8, linear)
                }
            }
            if third {
                c02 = finish.finish(c02, row: row, column: column + 16, linear)
                if height > 1 {
                    c12 = finish.finish(c12, row: row + 1, column: column + 16, linear)
                    c22 = finish.finish(c22, row: row + 2, column: column + 16, linear)
                    c32 = finish.finish(c32, row: row + 3, column: column + 16, linear)
                }
            }
        }
        c.store(c00, at: 0)
        if wide { c.store(c01, at: 8) }
        if height > 1 {
            c.store(c10, at: ldc); c.store(c20, at: 2 * ldc); c.store(c30, at: 3 * ldc)
            if wide { c.store(c11, at: ldc + 8); c.store(c21, at: 2 * ldc + 8); c.store(c31, at: 3 * ldc + 8) }
        }
        if height > 4 {
            c.store(c40, at: 4 * ldc); c.store(c50, at: 5 * ldc)
            if wide { c.store(c41, at: 4 * ldc + 8); c.store(c51, at: 5 * ldc + 8) }
        }
        if third {
            c.store(c02, at: 16)
            if height > 1 { c.store(c12, at: ldc + 16); c.store(c22, at: 2 * ldc + 16); c.store(c32, at: 3 * ldc + 16) }
        }
        if let finish, finish.activation.hasCurve {
            finish.activation.applyCurve(to: c, stride: ldc, rows: height, columns: Width.columns)
        }
    }
}
