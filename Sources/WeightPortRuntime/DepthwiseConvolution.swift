/// Depthwise convolution (`groups == cin == cout`, any kernel size, stride, dilation and
/// padding) with bias and activation fused, vectorised over channels: each output pixel
/// accumulates its valid taps eight channels at a time (weights `[kh, kw, 1, c]` are contiguous
/// in `c`, like the NHWC input). Work is split over output rows. No allocation.
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

    /// Runs the whole convolution.
    func run() {
        let g = geometry
        let work = g.outputPixels * g.outputChannels * g.kernelHeight * g.kernelWidth
        Parallel.forEachChunk(count: g.batch * g.outputHeight, threads: work < 1 << 15 ? 1 : threads) { _, range in
            for row in range { computeRow(row) }
        }
    }

    /// Output row `row` (= `n · outputHeight + y`), eight channels at a time: the chunk's
    /// weight vectors are loaded once per row and swept across it (3×3 kernels keep all nine in
    /// registers, 5-wide kernels one kernel row of five), taps outside the image skipped.
    private func computeRow(_ row: Int) {
        let g = geometry
        let channels = g.inputChannels
        let n = row / g.outputHeight, y = row % g.outputHeight
        let originY = y * g.strideHeight - g.padTop
        let tapsY = ConvolutionGeometry.validTaps(origin: originY, size: g.inputHeight, kernel: g.kernelHeight, dilation: g.dilationHeight)
        let image = input + n * g.inputHeight * g.inputWidth * channels
        let out = output + row * g.outputWidth * channels
        let rowStride = g.dilationHeight * g.inputWidth * channels
        var c = 0
        while c + 8 <= channels {
            if g.kernelHeight == 3, g.kernelWidth == 3, g.dilationWidth == 1, tapsY.count == 3 {
                sweep3x3(image: image + originY * g.inputWidth * channels + c, rowStride: rowStride, out: out + c, channel: c)
            } else if g.kernelWidth == 5, g.dilationWidth == 1, !tapsY.isEmpty {
                sweepRows5(image: image, originY: originY, tapsY: tapsY, out: out + c, channel: c)
            } else {
                sweep(image: image, originY: originY, tapsY: tapsY, out: out, channel: c)
            }
            c += 8
        }
        while c < channels {
            for x in 0..<g.outputWidth {
                let originX = x * g.strideWidth - g.padLeft
                let tapsX = ConvolutionGeometry.validTaps(origin: originX, size: g.inputWidth, kernel: g.kernelWidth, dilation: g.dilationWidth)
                var sum = bias[c]
                for ky in tapsY {
                    let line = image + (originY + ky * g.dilationHeight) * g.inputWidth * channels
                    let taps = weights + ky * g.kernelWidth * channels
                    for kx in tapsX { sum += line[(originX + kx * g.dilationWidth) * channels + c] * taps[kx * channels + c] }
                }
                out[x * channels + c] = activation(sum)
            }
            c += 1
        }
    }

    /// One 8-channel chunk of a row for any kernel: taps clipped per pixel.
    @inline(__always)
    private func sweep(image: UnsafePointer<Float>, originY: Int, tapsY: Range<Int>, out: UnsafeMutablePointer<Float>, channel c: Int) {
        let g = geometry
        let channels = g.inputChannels
        let initial = bias.vector(at: c)
        for x in 0..<g.outputWidth {
            let originX = x * g.strideWidth - g.padLeft
            let tapsX = ConvolutionGeometry.validTaps(origin: originX, size: g.inputWidth, kernel: g.kernelWidth, dilation: g.dilationWidth)
            var sum = initial
            for ky in tapsY {
                let line = image + (originY + ky * g.dilationHeight) * g.inputWidth * channels + c
                let taps = weights + ky * g.kernelWidth * channels + c
                for kx in tapsX {
                    sum += line.vector(at: (originX + kx * g.dilationWidth) * channels) * taps.vector(at: kx * channels)
                }
            }
            out.store(activation(sum), at: x * channels + c)
        }
    }

    /// One 8-channel chunk of a row of a kernel 5 wide, one kernel row at a time: that row's
    /// five weight vectors stay in registers while it sweeps the output row, whose partial sums
    /// live in `out` (L1) between kernel rows; the last kernel row applies the activation.
    @inline(__always)
    private func sweepRows5(image: UnsafePointer<Float>, originY: Int, tapsY: Range<Int>, out: UnsafeMutablePointer<Float>, channel c: Int) {
        let g = geometry
        let channels = g.inputChannels
        let initial = bias.vector(at: c)
        for ky in tapsY {
            let line = image + (originY + ky * g.dilationHeight) * g.inputWidth * channels + c
            let w = weights + ky * 5 * channels + c
            let w0 = w.vector(at: 0), w1 = w.vector(at: channels), w2 = w.vector(at: 2 * channels)
            let w3 = w.vector(at: 3 * channels), w4 = w.vector(at: 4 * channels)
            let first = ky == tapsY.lowerBound, last = ky == tapsY.upperBound - 1
            for x in 0..<g.outputWidth {
                let originX = x * g.strideWidth - g.padLeft
                var sum = first ? initial : out.vector(at: x * channels)
                if originX >= 0, originX + 5 <= g.inputWidth {
                    let p = originX * channels
                    sum += line.vector(at: p) * w0 + line.vector(at: p + channels) * w1 + line.vector(at: p + 2 * channels) * w2
                        + line.vector(at: p + 3 * channels) * w3 + line.vector(at: p + 4 * channels) * w4
                } else {
                    for kx in ConvolutionGeometry.validTaps(origin: originX, size: g.inputWidth, kernel: 5, dilation: 1) {
                        sum += line.vector(at: (originX + kx) * channels) * w.vector(at: kx * channels)
                    }
                }
                out.store(last ? activation(sum) : sum, at: x * channels)
            }
        }
    }

    /// One 8-channel chunk of a row of a 3×3 kernel whose three input rows are all inside the
    /// image (`top` points at channel `channel` of the first one): the nine weight vectors stay
    /// in registers; only the left and right border pixels check their taps.
    @inline(__always)
    private func sweep3x3(image top: UnsafePointer<Float>, rowStride: Int, out: UnsafeMutablePointer<Float>, channel c: Int) {
        let g = geometry
        let channels = g.inputChannels
        let w = weights + c
        let w00 = w.vector(at: 0), w01 = w.vector(at: channels), w02 = w.vector(at: 2 * channels)
        let w10 = w.vector(at: 3 * channels), w11 = w.vector(at: 4 * channels), w12 = w.vector(at: 5 * channels)
        let w20 = w.vector(at: 6 * channels), w21 = w.vector(at: 7 * channels), w22 = w.vector(at: 8 * channels)
        let initial = bias.vector(at: c)
        let middle = top + rowStride, bottom = middle + rowStride
        for x in 0..<g.outputWidth {
            let originX = x * g.strideWidth - g.padLeft
            var sum = initial
            if originX >= 0, originX + 3 <= g.inputWidth {
                let p = originX * channels
                sum += top.vector(at: p) * w00 + top.vector(at: p + channels) * w01 + top.vector(at: p + 2 * channels) * w02
                sum += middle.vector(at: p) * w10 + middle.vector(at: p + channels) * w11 + middle.vector(at: p + 2 * channels) * w12
                sum += bottom.vector(at: p) * w20 + bottom.vector(at: p + channels) * w21 + bottom.vector(at: p + 2 * channels) * w22
            } else {
                let taps = ConvolutionGeometry.validTaps(origin: originX, size: g.inputWidth, kernel: 3, dilation: 1)
                for kx in taps {
                    let p = (originX + kx) * channels
                    let (a, b, d) = kx == 0 ? (w00, w10, w20) : (kx == 1 ? (w01, w11, w21) : (w02, w12, w22))
                    sum += top.vector(at: p) * a + middle.vector(at: p) * b + bottom.vector(at: p) * d
                }
            }
            out.store(activation(sum), at: x * channels)
        }
    }
}
