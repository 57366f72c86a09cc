/// Depthwise convolution (`groups == cin == cout`, any kernel size, stride, dilation and
/// padding) with bias and activation fused, vectorised over channels (weights `[kh, kw, 1, c]`
/// are contiguous in `c`, like the NHWC input). Work is split over output rows, or over channel
/// chunks when there are fewer than four rows per thread (7×7 outputs on 2 threads). No allocation.
///
/// Memory order drives the speed: the expanded tensors of an inverted residual block are
/// megabytes, far beyond L1 and L2, so an output row is computed a few pixels at a time with
/// every channel of those pixels (the input window rows and the output pixels are then read
/// and written sequentially) rather than one channel chunk across the whole row (which walks
/// every line at the stride of a pixel, once per chunk).
struct DepthwiseConvolution: @unchecked Sendable {
    var input: UnsafePointer<Float>
    var output: UnsafeMutablePointer<Float>
    var geometry: ConvolutionGeometry
    /// `kh · kw · c` weights.
    var weights: UnsafePointer<Float>
    /// `c` biases.
    var bias: UnsafePointer<Float>
    var activation: FusedActivation
    var threads: Int

    /// Channels per pass over the rows when a kernel's weights for all the channels would not stay
    /// in L1 (`blockedWeightBytes`): 64 channels' weights (6.4 KB at 5×5) are loaded from L1 at
    /// every pixel of the pass, where 960 channels' (96 KB) came from L2 at every pixel.
    static let channelBlock = 64

    /// Bytes of weights above which the rows are computed `channelBlock` channels at a time: the
    /// L1 data cache here (48 KiB). Measured at 7×7 outputs: 5×5 over 672 and 960 channels (67
    /// and 96 KB) took 0.65–0.75× the time in blocks; 3×3 over 960 (34.5 KB) 1.15–1.25×, and
    /// 3×3 over 672 at 14×14 (24 KB) 1.3×.
    static let blockedWeightBytes = 48 * 1024

    /// Runs the whole convolution.
    func run() {
        let g = geometry
        let rows = g.batch * g.outputHeight, chunks = (g.inputChannels + 15) / 16, threads = g.windowThreads(self.threads)
        guard threads > 1, rows < 4 * threads, chunks >= threads, Self.tiles(g) else {
            Parallel.forEachClaim(count: rows, threads: threads) { _, claims in
                while let range = claims.next() { computeRows(range, channels: 0..<g.inputChannels) }
            }
            return
        }
        // Few rows balance coarsely (7 rows: 4 and 3 at best), so the threads claim 16-channel
        // chunks instead.
        Parallel.forEachClaim(count: chunks, threads: threads) { _, claims in
            while let range = claims.next() {
                computeRows(0..<rows, channels: range.lowerBound * 16..<min(range.upperBound * 16, g.inputChannels))
            }
        }
    }

    /// Output rows `rows` (each `n · outputHeight + y`), channels `channels`: a row at a time, or,
    /// when the kernel tiles and its weights for `channels` exceed `blockedWeightBytes`,
    /// `channelBlock` channels at a time over all the rows (7×7 outputs of 5×5 kernels over 960
    /// channels). Each output is computed as in one pass.
    private func computeRows(_ rows: Range<Int>, channels: Range<Int>) {
        let g = geometry
        guard Self.tiles(g), g.kernelHeight * g.kernelWidth * channels.count * MemoryLayout<Float>.size > Self.blockedWeightBytes else {
            for row in rows { computeRow(row, channels: channels) }
            return
        }
        for start in stride(from: channels.lowerBound, to: channels.upperBound, by: Self.channelBlock) {
            let block = start..<min(start + Self.channelBlock, channels.upperBound)
            for row in rows { computeRow(row, channels: block) }
        }
    }

    /// Output row `row` (= `n · outputHeight + y`), channels `channels` (a kernel that does not
    /// `tiles` computes them all).
    private func computeRow(_ row: Int, channels: Range<Int>) {
        let g = geometry
        withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: g.kernelHeight) { lines in
            guard let lines = lines.baseAddress else { return }
            let n = row / g.outputHeight, y = row % g.outputHeight
            let originY = y * g.strideHeight - g.padTop
            for ky in taps(row: y) {
                lines[ky] = input + ((n * g.inputHeight + originY + ky * g.dilationHeight) * g.inputWidth) * g.inputChannels
            }
            computeRow(y, lines: lines, out: output + row * g.outputWidth * g.outputChannels, channels: channels)
        }
    }

    /// Whether rows of `g` go through the tiles: an undilated kernel 3 or 5 wide, stride 1 or 2.
    static func tiles(_ g: ConvolutionGeometry) -> Bool {
        g.dilationHeight == 1 && g.dilationWidth == 1 && [3, 5].contains(g.kernelWidth) && [1, 2].contains(g.strideWidth)
    }

    /// The kernel rows of output row `y` (within its image) that land inside the image.
    @inline(__always)
    func taps(row y: Int) -> Range<Int> {
        let g = geometry
        return ConvolutionGeometry.validTaps(origin: y * g.strideHeight - g.padTop, size: g.inputHeight,
                                             kernel: g.kernelHeight, dilation: g.dilationHeight)
    }

    /// Output row `y` of an image into `out` (`outputWidth · c` floats), reading kernel row
    /// `ky` of the window from `lines[ky]`, the start of its input row (`inputWidth · c` floats),
    /// for every `ky` in `taps(row: y)`. When the kernel is an undilated 3 or 5 wide with stride
    /// 1 or 2, the pixels whose window is inside the image horizontally go through `sweep` over
    /// those kernel rows (in the first and last rows too, where some fall outside), and the
    /// border pixels through one-pixel tiles over the kernel columns inside; other kernels clip
    /// their taps one pixel at a time.
    func computeRow(_ y: Int, lines: UnsafePointer<UnsafePointer<Float>>, out: UnsafeMutablePointer<Float>,
                    channels: Range<Int>? = nil) {
        let g = geometry
        let tapsY = taps(row: y)
        // Interior pixels: originX = x · sw − padLeft ≥ 0 and originX + kw ≤ inputWidth.
        let interiorStart = min((g.padLeft + g.strideWidth - 1) / g.strideWidth, g.outputWidth)
        let interiorEnd = g.inputWidth + g.padLeft < g.kernelWidth
            ? interiorStart : max(interiorStart, min((g.inputWidth + g.padLeft - g.kernelWidth) / g.strideWidth + 1, g.outputWidth))
        guard Self.tiles(g) else {
            for x in 0..<g.outputWidth { clippedPixel(x, lines: lines, tapsY: tapsY, out: out) }
            return
        }
        let interior = interiorStart..<interiorEnd, channels = channels ?? 0..<g.inputChannels
        switch (g.kernelWidth, g.strideWidth) {
        case (3, 1): tiledRow(Window3Stride1.self, interior: interior, lines: lines, rows: tapsY, out: out, channels: channels)
        case (3, 2): tiledRow(Window3Stride2.self, interior: interior, lines: lines, rows: tapsY, out: out, channels: channels)
        case (5, 1): tiledRow(Window5Stride1.self, interior: interior, lines: lines, rows: tapsY, out: out, channels: channels)
        default: tiledRow(Window5Stride2.self, interior: interior, lines: lines, rows: tapsY, out: out, channels: channels)
        }
    }

    /// A row through `Window`'s tiles: the pixels of `interior` swept, the border pixels on
    /// either side one by one.
    private func tiledRow<Window: WindowShape>(_ window: Window.Type, interior: Range<Int>, lines: UnsafePointer<UnsafePointer<Float>>,
                                               rows taps: Range<Int>, out: UnsafeMutablePointer<Float>, channels: Range<Int>) {
        for x in 0..<interior.lowerBound { borderPixel(window, x, lines: lines, rows: taps, out: out, channels: channels) }
        sweep(window, from: interior.lowerBound, to: interior.upperBound, lines: lines, rows: taps, out: out, channels: channels)
        for x in interior.upperBound..<geometry.outputWidth { borderPixel(window, x, lines: lines, rows: taps, out: out, channels: channels) }
    }

    /// Output pixels `x ..< end` of a row whose windows lie inside the image horizontally,
    /// channels `channels`: `Window.Tile.count` pixels at a time, then one at a time.
    private func sweep<Window: WindowShape>(_ window: Window.Type, from x: Int, to end: Int, lines: UnsafePointer<UnsafePointer<Float>>,
                                            rows taps: Range<Int>, out: UnsafeMutablePointer<Float>, channels: Range<Int>) {
        let full = (end - x) / Window.Tile.count
        if full > 0 { tiles(window, Window.Tile.self, full, x: x, lines: lines, rows: taps, out: out, channels: channels) }
        let rest = x + full * Window.Tile.count
        if rest < end { tiles(window, OnePixel.self, end - rest, x: rest, lines: lines, rows: taps, out: out, channels: channels) }
    }

    /// Output pixel `x` of a row whose window leaves the image on the left or right, through a
    /// one-pixel tile over the kernel rows `taps` and the kernel columns inside the image.
    private func borderPixel<Window: WindowShape>(_ window: Window.Type, _ x: Int, lines: UnsafePointer<UnsafePointer<Float>>,
                                                  rows taps: Range<Int>, out: UnsafeMutablePointer<Float>, channels: Range<Int>) {
        let g = geometry
        let columns = ConvolutionGeometry.validTaps(origin: x * g.strideWidth - g.padLeft, size: g.inputWidth,
                                                    kernel: g.kernelWidth, dilation: 1)
        tiles(window, OnePixel.self, 1, x: x, lines: lines, rows: taps, columns: columns, out: out, channels: channels)
    }

    /// `count` tiles of `Pixels.count` output pixels from `x` on, in a row whose windows lie
    /// inside the image, channels `channels`: 8 (AVX-512 builds: 16, then 8) at a time, each
    /// kernel tap's weight vector loaded once for the tile's pixels, the activation's
    /// piecewise-linear part applied in registers (a transcendental curve to the stored pixels).
    /// Specialised per `Window` and pixel count, so the taps of a kernel row unroll and the input
    /// loads they share fold. A whole run of tiles per call: with few channels (16–64 at 112 and
    /// 56 pixels) the per-call set-up cost as much as a tile.
    /// Only kernel rows `kernelRows` are read (the others lie outside the image), and for a
    /// one-pixel tile only kernel columns `kernelColumns` (a pixel at the left or right border).
    private func tiles<Window: WindowShape, Pixels: TilePixelCount>(_ window: Window.Type, _ pixels: Pixels.Type, _ count: Int,
                                                                   x: Int, lines: UnsafePointer<UnsafePointer<Float>>, rows kernelRows: Range<Int>,
                                                                   columns kernelColumns: Range<Int> = 0..<Window.width,
                                                                   out: UnsafeMutablePointer<Float>, channels range: Range<Int>) {
        let g = geometry
        let channels = g.inputChannels
        var c = range.lowerBound
        #if WEIGHTPORT_AVX512
        let wide = c..<(c + (range.upperBound - c) / 16 * 16)
        if !wide.isEmpty {
            tiles(window, pixels, SIMD16<Float>.self, count, x: x, lines: lines, rows: kernelRows, columns: kernelColumns, out: out, channels: wide)
            c = wide.upperBound
        }
        #endif
        let narrow = c..<(c + (range.upperBound - c) / 8 * 8)
        if !narrow.isEmpty {
            tiles(window, pixels, SIMD8<Float>.self, count, x: x, lines: lines, rows: kernelRows, columns: kernelColumns, out: out, channels: narrow)
            c = narrow.upperBound
        }
        let pixelsCovered = x..<(x + count * Pixels.count)
        if activation.hasCurve, c > range.lowerBound {
            activation.applyCurve(to: out + x * channels + range.lowerBound, stride: channels, rows: count * Pixels.count,
                                  columns: c - range.lowerBound)
        }
        if c < range.upperBound {
            for pixel in pixelsCovered { scalarChannels(c..<range.upperBound, x: pixel, lines: lines, tapsY: kernelRows, out: out) }
        }
    }

    /// `tiles` for the channels `range` (a multiple of `Vector.scalarCount`), `Vector` at a time
    /// (a one-pixel tile four vectors at a time first, `pixelChannelGroup`).
    @_transparent
    private func tiles<Window: WindowShape, Pixels: TilePixelCount, Vector: ActivationVector>(
        _ window: Window.Type, _ pixels: Pixels.Type, _ vector: Vector.Type, _ count: Int, x: Int,
        lines: UnsafePointer<UnsafePointer<Float>>, rows kernelRows: Range<Int>, columns kernelColumns: Range<Int>,
        out: UnsafeMutablePointer<Float>, channels range: Range<Int>
    ) {
        let channels = geometry.inputChannels
        let linear = FusedActivation.PiecewiseVectors<Vector>(activation)
        for t in 0..<count {
            let pixel = x + t * Pixels.count
            let originX = (pixel &* Window.stride &- geometry.padLeft) &* channels
            var c = range.lowerBound
            if Pixels.count == 1 {
                while c + 4 * Vector.scalarCount <= range.upperBound {
                    pixelChannelGroup(window, vector, c, channels: channels, originX: originX, lines: lines, rows: kernelRows,
                                      columns: kernelColumns, linear: linear, target: out + pixel &* channels)
                    c += 4 * Vector.scalarCount
                }
            }
            while c < range.upperBound {
                tileChannels(window, pixels, vector, c, channels: channels, originX: originX, lines: lines, rows: kernelRows,
                             columns: kernelColumns, linear: linear, target: out + pixel &* channels)
                c += Vector.scalarCount
            }
        }
    }

    /// Channels `c ..< c + Vector.scalarCount` of one tile (input pixels from `originX`, in
    /// floats, of every line; output pixels from `target`): every weight vector of a kernel row
    /// loaded once, each input vector once for all the tile's pixels whose windows hold it, the
    /// activation's piecewise-linear part (its vectors `linear`) applied in registers. 8 lanes, or
    /// 16 in AVX-512 builds.
    @_transparent
    private func tileChannels<Window: WindowShape, Pixels: TilePixelCount, Vector: ActivationVector>(
        _ window: Window.Type, _ pixels: Pixels.Type, _ vector: Vector.Type, _ c: Int, channels: Int, originX: Int,
        lines: UnsafePointer<UnsafePointer<Float>>, rows kernelRows: Range<Int>, columns kernelColumns: Range<Int>,
        linear: FusedActivation.PiecewiseVectors<Vector>, target: UnsafeMutablePointer<Float>
    ) {
        let width = Window.width, stride = Window.stride, pixels = Pixels.count
        // Input pixels the tile's windows cover: each is loaded once and feeds every pixel of the
        // tile whose window holds it (a 3-wide stride-1 tile of four reads 6, not 12).
        let span = (pixels - 1) * stride + width
        var s0 = bias.vector(Vector.self, at: c)
        var s1 = s0, s2 = s0, s3 = s0
        for ky in kernelRows {
            let line = lines[ky] + (originX &+ c)
            let taps = weights + (ky &* width &* channels &+ c)
            let w0 = taps.vector(Vector.self, at: 0), w1 = taps.vector(Vector.self, at: channels)
            let w2 = taps.vector(Vector.self, at: 2 &* channels)
            let w3 = width > 3 ? taps.vector(Vector.self, at: 3 &* channels) : w0
            let w4 = width > 4 ? taps.vector(Vector.self, at: 4 &* channels) : w0
            for j in 0..<span {
                if pixels == 1, !kernelColumns.contains(j) { continue }
                let v = line.vector(Vector.self, at: j &* channels)
                if j < width { Self.multiplyAdd(&s0, v, Self.tap(j, w0, w1, w2, w3, w4)) }
                if pixels > 1, j >= stride, j - stride < width { Self.multiplyAdd(&s1, v, Self.tap(j - stride, w0, w1, w2, w3, w4)) }
                if pixels > 2, j >= 2 * stride, j - 2 * stride < width {
                    Self.multiplyAdd(&s2, v, Self.tap(j - 2 * stride, w0, w1, w2, w3, w4))
                }
                if pixels > 3, j >= 3 * stride, j - 3 * stride < width {
                    Self.multiplyAdd(&s3, v, Self.tap(j - 3 * stride, w0, w1, w2, w3, w4))
                }
            }
        }
        target.store(Vector.linearPart(s0, activation, linear), at: c)
        if pixels > 1 { target.store(Vector.linearPart(s1, activation, linear), at: channels + c) }
        if pixels > 2 { target.store(Vector.linearPart(s2, activation, linear), at: 2 * channels + c) }
        if pixels > 3 { target.store(Vector.linearPart(s3, activation, linear), at: 3 * channels + c) }
    }

    /// Channels `c ..< c + 4 · Vector.scalarCount` of one pixel, four vectors at a time: the taps
    /// of one vector form a chain of dependent multiply-adds (9 or 25 long), so a pixel computed
    /// vector by vector waits on the multiply-add latency at every tap; four independent chains
    /// keep the loads busy instead. Each output is summed in the same order as in `tileChannels`.
    @_transparent
    private func pixelChannelGroup<Window: WindowShape, Vector: ActivationVector>(
        _ window: Window.Type, _ vector: Vector.Type, _ c: Int, channels: Int, originX: Int,
        lines: UnsafePointer<UnsafePointer<Float>>, rows kernelRows: Range<Int>, columns kernelColumns: Range<Int>,
        linear: FusedActivation.PiecewiseVectors<Vector>, target: UnsafeMutablePointer<Float>
    ) {
        let lanes = Vector.scalarCount
        var s0 = bias.vector(Vector.self, at: c), s1 = bias.vector(Vector.self, at: c &+ lanes)
        var s2 = bias.vector(Vector.self, at: c &+ 2 &* lanes), s3 = bias.vector(Vector.self, at: c &+ 3 &* lanes)
        for ky in kernelRows {
            let line = lines[ky] + (originX &+ c)
            let taps = weights + (ky &* Window.width &* channels &+ c)
            for kx in 0..<Window.width where kernelColumns.contains(kx) {
                let input = line + kx &* channels, weight = taps + kx &* channels
                Self.multiplyAdd(&s0, input.vector(Vector.self, at: 0), weight.vector(Vector.self, at: 0))
                Self.multiplyAdd(&s1, input.vector(Vector.self, at: lanes), weight.vector(Vector.self, at: lanes))
                Self.multiplyAdd(&s2, input.vector(Vector.self, at: 2 &* lanes), weight.vector(Vector.self, at: 2 &* lanes))
                Self.multiplyAdd(&s3, input.vector(Vector.self, at: 3 &* lanes), weight.vector(Vector.self, at: 3 &* lanes))
            }
        }
        target.store(Vector.linearPart(s0, activation, linear), at: c)
        target.store(Vector.linearPart(s1, activation, linear), at: c &+ lanes)
        target.store(Vector.linearPart(s2, activation, linear), at: c &+ 2 &* lanes)
        target.store(Vector.linearPart(s3, activation, linear), at: c &+ 3 &* lanes)
    }

    /// `sum + a · b` for the window kernels: fused exactly when the GEMM micro-kernel is (see
    /// `MicroKernel.fastest`), so that a build computes both with the same rounding.
    @_transparent
    private static func multiplyAdd<Vector: SIMD>(_ sum: inout Vector, _ a: Vector, _ b: Vector) where Vector.Scalar == Float {
        #if WEIGHTPORT_FMA
        sum.addProduct(a, b)
        #else
        sum += a * b
        #endif
    }

    /// Weight vector `kx` of a kernel row held in `w0 … w4` (`kx` is a constant once the tile's
    /// loops unroll, so this folds to a register).
    @_transparent
    private static func tap<Vector: ActivationVector>(_ kx: Int, _ w0: Vector, _ w1: Vector, _ w2: Vector, _ w3: Vector, _ w4: Vector) -> Vector {
        switch kx {
        case 0: w0
        case 1: w1
        case 2: w2
        case 3: w3
        default: w4
        }
    }

    /// Output pixel `x` of a row, every channel, taps clipped to the image.
    private func clippedPixel(_ x: Int, lines: UnsafePointer<UnsafePointer<Float>>, tapsY: Range<Int>, out: UnsafeMutablePointer<Float>) {
        let g = geometry
        let channels = g.inputChannels
        let originX = x * g.strideWidth - g.padLeft
        let tapsX = ConvolutionGeometry.validTaps(origin: originX, size: g.inputWidth, kernel: g.kernelWidth, dilation: g.dilationWidth)
        var c = 0
        while c + 8 <= channels {
            var sum = bias.vector(at: c)
            for ky in tapsY {
                let line = lines[ky] + c
                let taps = weights + ky * g.kernelWidth * channels + c
                for kx in tapsX {
                    Self.multiplyAdd(&sum, line.vector(at: (originX + kx * g.dilationWidth) * channels), taps.vector(at: kx * channels))
                }
            }
            out.store(activation(sum), at: x * channels + c)
            c += 8
        }
        scalarChannels(c..<channels, x: x, lines: lines, tapsY: tapsY, out: out)
    }

    /// Channels `range` of output pixel `x` one at a time (the tail that does not fill a
    /// vector), taps clipped to the image.
    private func scalarChannels(_ range: Range<Int>, x: Int, lines: UnsafePointer<UnsafePointer<Float>>, tapsY: Range<Int>,
                                out: UnsafeMutablePointer<Float>) {
        let g = geometry
        let channels = g.inputChannels
        let originX = x * g.strideWidth - g.padLeft
        let tapsX = ConvolutionGeometry.validTaps(origin: originX, size: g.inputWidth, kernel: g.kernelWidth, dilation: g.dilationWidth)
        for c in range {
            var sum = bias[c]
            for ky in tapsY {
                let line = lines[ky], taps = weights + ky * g.kernelWidth * channels
                for kx in tapsX { sum += line[(originX + kx * g.dilationWidth) * channels + c] * taps[kx * channels + c] }
            }
            out[x * channels + c] = activation(sum)
        }
    }
}

/// The width and horizontal stride of a depthwise kernel that `DepthwiseConvolution` has an
/// unrolled interior tile for, and the pixels of that tile: as many as keep the input pixels
/// its windows cover (`(pixels − 1) · stride + width`) at 9 or fewer, the most the optimiser
/// unrolls (at 11 it left the loop rolled, with the tap choice as a jump table: 1.7× slower).
protocol WindowShape {
    associatedtype Tile: TilePixelCount
    static var width: Int { get }
    static var stride: Int { get }
}
/// 3 wide, stride 1.
enum Window3Stride1: WindowShape { typealias Tile = FourPixels; static var width: Int { 3 }; static var stride: Int { 1 } }
/// 3 wide, stride 2.
enum Window3Stride2: WindowShape { typealias Tile = FourPixels; static var width: Int { 3 }; static var stride: Int { 2 } }
/// 5 wide, stride 1.
enum Window5Stride1: WindowShape { typealias Tile = FourPixels; static var width: Int { 5 }; static var stride: Int { 1 } }
/// 5 wide, stride 2.
enum Window5Stride2: WindowShape { typealias Tile = TwoPixels; static var width: Int { 5 }; static var stride: Int { 2 } }

/// Output pixels per depthwise tile.
protocol TilePixelCount {
    static var count: Int { get }
}
/// Four pixels: the tile of a row's interior.
enum FourPixels: TilePixelCount { static var count: Int { 4 } }
/// Two pixels: the interior tile of a 5-wide stride-2 kernel.
enum TwoPixels: TilePixelCount { static var count: Int { 2 } }
/// One pixel: the interior's remainder.
enum OnePixel: TilePixelCount { static var count: Int { 1 } }
