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
        geometry.forEachOutputRow(threads: threads) { computeRow($0) }
    }

    /// Output row `row` (= `n · outputHeight + y`), eight channels at a time: the chunk's
    /// weight vectors are loaded once per row and swept across it (3×3 kernels keep all nine in
    /// registers, 5-wide kernels read theirs from L1), taps outside the image skipped.
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
            } else if g.kernelWidth == 5, g.dilationWidth == 1, g.dilationHeight == 1 {
                sweepRows(width: 5, image: image, originY: originY, tapsY: tapsY, out: out, channel: c)
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
        for x in 0..<geometry.outputWidth {
            out.store(activation(pixel(x, image: image, originY: originY, tapsY: tapsY, channel: c)), at: x * geometry.inputChannels + c)
        }
    }

    /// The sums (bias included, no activation) of output pixel `x`'s channels `c ..< c + 8`,
    /// taps clipped to the image.
    @inline(__always)
    private func pixel(_ x: Int, image: UnsafePointer<Float>, originY: Int, tapsY: Range<Int>, channel c: Int) -> SIMD8<Float> {
        let g = geometry
        let channels = g.inputChannels
        let originX = x * g.strideWidth - g.padLeft
        let tapsX = ConvolutionGeometry.validTaps(origin: originX, size: g.inputWidth, kernel: g.kernelWidth, dilation: g.dilationWidth)
        var sum = bias.vector(at: c)
        for ky in tapsY {
            let line = image + (originY + ky * g.dilationHeight) * g.inputWidth * channels + c
            let taps = weights + ky * g.kernelWidth * channels + c
            for kx in tapsX {
                sum += line.vector(at: (originX + kx * g.dilationWidth) * channels) * taps.vector(at: kx * channels)
            }
        }
        return sum
    }

    /// One 8-channel chunk of a row of an undilated kernel `width` wide (a literal, so that the
    /// taps of a kernel row unroll): pixels whose window is inside the image horizontally sum
    /// each valid kernel row's `width` taps into a partial sum of their own (independent
    /// chains), with the weights read from L1; border pixels clip their taps.
    @inline(__always)
    private func sweepRows(width: Int, image: UnsafePointer<Float>, originY: Int, tapsY: Range<Int>,
                           out: UnsafeMutablePointer<Float>, channel c: Int) {
        let g = geometry
        let channels = g.inputChannels
        let rowStride = g.inputWidth * channels
        let initial = bias.vector(at: c)
        let w = weights + c
        for x in 0..<g.outputWidth {
            let originX = x * g.strideWidth - g.padLeft
            guard originX >= 0, originX + width <= g.inputWidth else {
                out.store(activation(pixel(x, image: image, originY: originY, tapsY: tapsY, channel: c)), at: x * channels + c)
                continue
            }
            var sum = initial
            for ky in tapsY {
                let line = image + (originY + ky) * rowStride + originX * channels + c, taps = w + ky * width * channels
                var partial = line.vector(at: 0) * taps.vector(at: 0)
                for kx in 1..<width { partial += line.vector(at: kx * channels) * taps.vector(at: kx * channels) }
                sum += partial
            }
            out.store(activation(sum), at: x * channels + c)
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
