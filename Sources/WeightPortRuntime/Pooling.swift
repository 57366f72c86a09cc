/// Average or max pooling over NHWC windows (any size, stride and padding), vectorised over
/// channels. Max pooling ignores padded pixels; average pooling divides by the number of valid
/// pixels, or by the full window when `countIncludesPadding`. Split over output rows.
struct Pooling: @unchecked Sendable {
    enum Kind: Sendable { case average(countIncludesPadding: Bool), maximum }

    var input: UnsafePointer<Float>
    var output: UnsafeMutablePointer<Float>
    /// Window geometry (`inputChannels == outputChannels`, dilation 1).
    var geometry: ConvolutionGeometry
    var kind: Kind
    var threads: Int

    /// Runs the whole pooling.
    func run() {
        geometry.forEachOutputRow(threads: threads) { computeRow($0) }
    }

    private func computeRow(_ row: Int) {
        let g = geometry
        let channels = g.inputChannels
        let n = row / g.outputHeight, y = row % g.outputHeight
        let originY = y * g.strideHeight - g.padTop
        let tapsY = ConvolutionGeometry.validTaps(origin: originY, size: g.inputHeight, kernel: g.kernelHeight, dilation: 1)
        let image = input + n * g.inputHeight * g.inputWidth * channels
        var out = output + row * g.outputWidth * channels
        for x in 0..<g.outputWidth {
            let originX = x * g.strideWidth - g.padLeft
            let tapsX = ConvolutionGeometry.validTaps(origin: originX, size: g.inputWidth, kernel: g.kernelWidth, dilation: 1)
            switch kind {
            case .maximum:
                out.update(repeating: -.infinity, count: channels)
                for ky in tapsY {
                    for kx in tapsX {
                        let pixel = image + ((originY + ky) * g.inputWidth + originX + kx) * channels
                        var c = 0
                        while c + 8 <= channels {
                            var largest = out.vector(at: c)
                            let value = pixel.vector(at: c)
                            largest.replace(with: value, where: value .> largest)
                            out.store(largest, at: c)
                            c += 8
                        }
                        while c < channels { out[c] = max(out[c], pixel[c]); c += 1 }
                    }
                }
            case let .average(countIncludesPadding):
                out.update(repeating: 0, count: channels)
                for ky in tapsY {
                    for kx in tapsX {
                        let pixel = image + ((originY + ky) * g.inputWidth + originX + kx) * channels
                        var c = 0
                        while c + 8 <= channels {
                            out.store(out.vector(at: c) + pixel.vector(at: c), at: c)
                            c += 8
                        }
                        while c < channels { out[c] += pixel[c]; c += 1 }
                    }
                }
                let count = countIncludesPadding ? g.kernelHeight * g.kernelWidth : tapsY.count * tapsX.count
                let divisor = Float(max(count, 1))
                for c in 0..<channels { out[c] /= divisor }
            }
            out += channels
        }
    }
}
