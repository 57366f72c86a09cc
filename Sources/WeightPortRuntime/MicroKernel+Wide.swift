#if WEIGHTPORT_AVX512
/// Tiles of 16-lane registers (`zmm`), in builds for AVX-512 CPUs (`WEIGHTPORT_AVX512`, set by
/// the Makefile with `-target-cpu skylake-avx512` where the host has AVX-512): 6 rows over a whole
/// 16-wide panel in one register per row and the next panel, whole (32 columns: 12 accumulators
/// loading 2 vectors of B per 6 broadcasts) or its first half (24 columns, an 8-lane register per
/// row). Twice the columns of the 8-lane 6×16 tile for the same instructions.
enum WideTileWidth: Sendable {
    /// Two whole panels.
    case thirtyTwo
    /// A whole panel and the first half of the next (the last two when the output channels are
    /// 8 above a multiple of 16).
    case twentyFour

    /// Columns of C the tile covers.
    var columns: Int { self == .thirtyTwo ? 32 : 24 }
}

/// The compile-time form of a `WideTileWidth`, which specialises the kernel.
private protocol WideColumns { static var whole: Bool { get } }
/// `WideTileWidth.thirtyTwo`.
private enum ThirtyTwoWide: WideColumns { static var whole: Bool { true } }
/// `WideTileWidth.twentyFour`.
private enum TwentyFourWide: WideColumns { static var whole: Bool { false } }

extension MicroKernel {
    /// `c[r][0..<w] (+)= Σ_k a_r[k] · b[k][0..<w]` for `tiles` stacked tiles of 6 rows, all
    /// valid, where columns 0–15 come from the packed panel `b` and the rest from `nextPanel`;
    /// otherwise as `run` (segments, the epilogue in registers, a curve on the stored tile).
    static func runWide(_ width: WideTileWidth, a: UnsafePointer<Float>, lda: Int, tiles: Int, b: UnsafePointer<Float>,
                        nextPanel: UnsafePointer<Float>, depth: Int, segments: Segments,
                        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, finish: Epilogue?, row: Int, column: Int) {
        switch width {
        case .thirtyTwo:
            wideTiles(ThirtyTwoWide.self, a: a, lda: lda, tiles: tiles, b: b, nextPanel: nextPanel, depth: depth, segments: segments,
                      c: c, ldc: ldc, accumulate: accumulate, finish: finish, row: row, column: column)
        case .twentyFour:
            wideTiles(TwentyFourWide.self, a: a, lda: lda, tiles: tiles, b: b, nextPanel: nextPanel, depth: depth, segments: segments,
                      c: c, ldc: ldc, accumulate: accumulate, finish: finish, row: row, column: column)
        }
    }

    /// `runWide` for one width, specialised per width and out of line.
    @inline(never)
    private static func wideTiles<Width: WideColumns>(
        _ width: Width.Type, a: UnsafePointer<Float>, lda: Int, tiles: Int, b: UnsafePointer<Float>,
        nextPanel: UnsafePointer<Float>, depth: Int, segments: Segments,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, finish: Epilogue?, row: Int, column: Int
    ) {
        let linear = finish?.activation.linearVectors ?? .identity
        for t in 0..<tiles {
            wideTile(width, a + t * 6 * lda, lda: lda, b: b, nextPanel: nextPanel, depth: depth, segments: segments,
                     c: c + t * 6 * ldc, ldc: ldc, accumulate: accumulate, finish: finish, linear: linear,
                     row: row + t * 6, column: column)
        }
    }

    /// One row's products at one reduction step: `x` broadcast against the first panel's vector
    /// `first` (into `p`) and the next panel's at `next` (into `q`, or its first half into `h`).
    @inline(__always)
    private static func products<Width: WideColumns>(_ width: Width.Type, _ x: Float, _ first: SIMD16<Float>, _ next: UnsafePointer<Float>,
                                                     _ p: inout SIMD16<Float>, _ q: inout SIMD16<Float>, _ h: inout SIMD8<Float>) {
        let splat = SIMD16<Float>(repeating: x)
        p.addProduct(splat, first)
        if Width.whole { q.addProduct(splat, next.vector16(at: 0)) } else { h.addProduct(splat.lowHalf, next.vector(at: 0)) }
    }

    /// Row `r` of a wide tile (sums `p` and `q` or `h`) made final and stored at `out`.
    @inline(__always)
    private static func store<Width: WideColumns>(_ width: Width.Type, _ p: SIMD16<Float>, _ q: SIMD16<Float>, _ h: SIMD8<Float>,
                                                  out: UnsafeMutablePointer<Float>, accumulate: Bool, finish: Epilogue?,
                                                  linear: FusedActivation.LinearVectors, row: Int, column: Int) {
        var p = p, q = q, h = h
        if accumulate {
            p += out.vector16(at: 0)
            if Width.whole { q += out.vector16(at: 16) } else { h += out.vector(at: 16) }
        }
        guard let finish else {
            out.store(p, at: 0)
            if Width.whole { out.store(q, at: 16) } else { out.store(h, at: 16) }
            return
        }
        out.store(finish.finish(p.lowHalf, row: row, column: column, linear), at: 0)
        out.store(finish.finish(p.highHalf, row: row, column: column + 8, linear), at: 8)
        if Width.whole {
            out.store(finish.finish(q.lowHalf, row: row, column: column + 16, linear), at: 16)
            out.store(finish.finish(q.highHalf, row: row, column: column + 24, linear), at: 24)
        } else {
            out.store(finish.finish(h, row: row, column: column + 16, linear), at: 16)
        }
    }

    /// One tile of `wideTiles`: `p` accumulators over the first panel, `q` (whole) or `h` (half)
    /// over the next.
    @inline(__always)
    private static func wideTile<Width: WideColumns>(
        _ width: Width.Type, _ a0: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, nextPanel: UnsafePointer<Float>,
        depth: Int, segments: Segments, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool,
        finish: Epilogue?, linear: FusedActivation.LinearVectors, row: Int, column: Int
    ) {
        var p0 = SIMD16<Float>(), p1 = SIMD16<Float>(), p2 = SIMD16<Float>(), p3 = SIMD16<Float>(), p4 = SIMD16<Float>(), p5 = SIMD16<Float>()
        var q0 = SIMD16<Float>(), q1 = SIMD16<Float>(), q2 = SIMD16<Float>(), q3 = SIMD16<Float>(), q4 = SIMD16<Float>(), q5 = SIMD16<Float>()
        var h0 = SIMD8<Float>(), h1 = SIMD8<Float>(), h2 = SIMD8<Float>(), h3 = SIMD8<Float>(), h4 = SIMD8<Float>(), h5 = SIMD8<Float>()
        var bp = b, bq = nextPanel
        for segment in 0..<segments.count {
            let r0 = a0 + segment * segments.stride, r1 = r0 + lda, r2 = r1 + lda, r3 = r2 + lda, r4 = r3 + lda, r5 = r4 + lda
            for k in 0..<depth {
                let first = bp.vector16(at: 0)
                products(width, r0[k], first, bq, &p0, &q0, &h0)
                products(width, r1[k], first, bq, &p1, &q1, &h1)
                products(width, r2[k], first, bq, &p2, &q2, &h2)
                products(width, r3[k], first, bq, &p3, &q3, &h3)
                products(width, r4[k], first, bq, &p4, &q4, &h4)
                products(width, r5[k], first, bq, &p5, &q5, &h5)
                bp += GEMM.panelWidth
                bq += GEMM.panelWidth
            }
        }
        store(width, p0, q0, h0, out: c, accumulate: accumulate, finish: finish, linear: linear, row: row, column: column)
        store(width, p1, q1, h1, out: c + ldc, accumulate: accumulate, finish: finish, linear: linear, row: row + 1, column: column)
        store(width, p2, q2, h2, out: c + 2 * ldc, accumulate: accumulate, finish: finish, linear: linear, row: row + 2, column: column)
        store(width, p3, q3, h3, out: c + 3 * ldc, accumulate: accumulate, finish: finish, linear: linear, row: row + 3, column: column)
        store(width, p4, q4, h4, out: c + 4 * ldc, accumulate: accumulate, finish: finish, linear: linear, row: row + 4, column: column)
        store(width, p5, q5, h5, out: c + 5 * ldc, accumulate: accumulate, finish: finish, linear: linear, row: row + 5, column: column)
        if let finish, finish.activation.hasCurve {
            finish.activation.applyCurve(to: c, stride: ldc, rows: 6, columns: Width.whole ? 32 : 24)
        }
    }
}
#endif
