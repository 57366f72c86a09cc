extension DepthwiseConvolution {
    /// Output widths below which `run` computes from a padded copy of the image: in a 14- or
    /// 7-pixel row most pixels touch the border (all of them in the first and last rows), and
    /// clipping their taps one by one costs several times the tiled interior.
    static let paddedBelowWidth = 16

    /// Whether `run` computes `geometry` from a zero-padded copy of each image: narrow outputs
    /// of undilated kernels whose tiles exist (3 or 5 wide, stride 1 or 2).
    static func usesPaddedImage(_ g: ConvolutionGeometry) -> Bool {
        g.outputWidth < paddedBelowWidth && g.dilationHeight == 1 && g.dilationWidth == 1
            && [3, 5].contains(g.kernelWidth) && [1, 2].contains(g.strideWidth)
    }

    /// The geometry of the padded image: every window of the output inside it, no padding.
    static func paddedGeometry(_ g: ConvolutionGeometry) -> ConvolutionGeometry {
        var padded = g
        padded.batch = 1
        padded.inputWidth = (g.outputWidth - 1) * g.strideWidth + g.kernelWidth
        padded.inputHeight = (g.outputHeight - 1) * g.strideHeight + g.kernelHeight
        padded.padLeft = 0
        padded.padTop = 0
        return padded
    }

    /// Floats of scratch `run` needs for `geometry`: one padded image, or nothing.
    static func scratchSize(_ g: ConvolutionGeometry) -> Int {
        guard usesPaddedImage(g) else { return 0 }
        let padded = paddedGeometry(g)
        return padded.inputHeight * padded.inputWidth * g.inputChannels
    }

    /// `run` for `usesPaddedImage` geometries, image by image: the image is copied into the
    /// scratch with its padding as zeros (rows split over the threads), then the threads split
    /// the channels in chunks of eight, and each sweeps its chunks over every output pixel with
    /// the tiled interior kernels — a chunk's weights stay in L1 across the whole image.
    func runPaddedImage() {
        let g = geometry
        var unpadded = self
        unpadded.geometry = Self.paddedGeometry(g)
        let padded = unpadded
        let p = padded.geometry, channels = g.inputChannels
        let rowSize = p.inputWidth * channels
        let copied = min(g.inputWidth, p.inputWidth - g.padLeft)
        let work = g.outputHeight * g.outputWidth * channels * g.kernelHeight * g.kernelWidth
        let threads = work < 1 << 15 ? 1 : self.threads
        for n in 0..<g.batch {
            Parallel.forEachChunk(count: p.inputHeight, threads: threads) { _, rows in
                let image = input + n * g.inputHeight * g.inputWidth * channels
                for row in rows {
                    let line = scratch + row * rowSize, iy = row - g.padTop
                    line.update(repeating: 0, count: rowSize)
                    if iy >= 0, iy < g.inputHeight {
                        (line + g.padLeft * channels).update(from: image + iy * g.inputWidth * channels, count: copied * channels)
                    }
                }
            }
            Parallel.forEachChunk(count: (channels + 7) / 8, threads: threads) { _, chunks in
                padded.sweepChannels(chunks.lowerBound * 8..<min(chunks.upperBound * 8, channels),
                                     out: output + n * g.outputHeight * g.outputWidth * channels)
            }
        }
    }

    /// Every output pixel of the padded image in `scratch`, channels `channels`, into `out`.
    private func sweepChannels(_ channels: Range<Int>, out: UnsafeMutablePointer<Float>) {
        let g = geometry
        withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: g.kernelHeight) { lines in
            guard let lines = lines.baseAddress else { return }
            for y in 0..<g.outputHeight {
                for ky in 0..<g.kernelHeight {
                    lines[ky] = UnsafePointer(scratch + (y * g.strideHeight + ky) * g.inputWidth * g.inputChannels)
                }
                let row = out + y * g.outputWidth * g.outputChannels
                switch (g.kernelWidth, g.strideWidth) {
                case (3, 1): _ = sweep(Window3Stride1.self, from: 0, to: g.outputWidth, lines: lines, rows: 0..<g.kernelHeight, out: row, channels: channels)
                case (3, 2): _ = sweep(Window3Stride2.self, from: 0, to: g.outputWidth, lines: lines, rows: 0..<g.kernelHeight, out: row, channels: channels)
                case (5, 1): _ = sweep(Window5Stride1.self, from: 0, to: g.outputWidth, lines: lines, rows: 0..<g.kernelHeight, out: row, channels: channels)
                default: _ = sweep(Window5Stride2.self, from: 0, to: g.outputWidth, lines: lines, rows: 0..<g.kernelHeight, out: row, channels: channels)
                }
            }
        }
    }
}
