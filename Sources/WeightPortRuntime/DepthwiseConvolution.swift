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

    /// Output row `row` (= `n · outputHeight + y`).
    private func computeRow(_ row: Int) {
        let g = geometry
        let channels = g.inputChannels
        let n = row / g.outputHeight, y = row % g.outputHeight
        let originY = y * g.strideHeight - g.padTop
        let tapsY = ConvolutionGeometry.validTaps(origin: originY, size: g.inputHeight, kernel: g.kernelHeight, dilation: g.dilationHeight)
        let image = input + n * g.inputHeight * g.inputWidth * channels
        var out = output + row * g.outputWidth * channels
        for x in 0..<g.outputWidth {
            let originX = x * g.strideWidth - g.padLeft
            let tapsX = ConvolutionGeometry.validTaps(origin: originX, size: g.inputWidth, kernel: g.kernelWidth, dilation: g.dilationWidth)
            var c = 0
            while c + 8 <= channels {
                var sum = bias.vector(at: c)
                for ky in tapsY {
                    let line = image + (originY + ky * g.dilationHeight) * g.inputWidth * channels
                    let taps = weights + ky * g.kernelWidth * channels
                    for kx in tapsX {
                        sum += line.vector(at: (originX + kx * g.dilationWidth) * channels + c) * taps.vector(at: kx * channels + c)
                    }
                }
                out.store(activation(sum), at: c)
                c += 8
            }
            while c < channels {
                var sum = bias[c]
                for ky in tapsY {
                    let line = image + (originY + ky * g.dilationHeight) * g.inputWidth * channels
                    let taps = weights + ky * g.kernelWidth * channels
                    for kx in tapsX { sum += line[(originX + kx * g.dilationWidth) * channels + c] * taps[kx * channels + c] }
                }
                out[c] = activation(sum)
                c += 1
            }
            out += channels
        }
    }
}
