/// A convolution computed as GEMM, with its epilogue fused: pointwise (1×1) convolutions and
/// dense layers multiply the input directly; any other convolution (the 3-channel stem,
/// strided or dilated kernels, grouped convolutions) gathers `blockRows` output pixels at a time
/// into a per-task im2col block (`kh · kw · cin/groups` columns, NHWC-ordered to match the
/// `[kh, kw, cin/groups, cout]` kernel) and multiplies that. Work is split over output-pixel
/// blocks, or over column panels when there are too few pixels (dense at batch 1).
struct GEMMConvolution: @unchecked Sendable {
    var input: UnsafePointer<Float>
    var output: UnsafeMutablePointer<Float>
    var geometry: ConvolutionGeometry
    /// One packed `reduction × cout/groups` matrix per group.
    var weights: [PackedMatrix]
    var epilogue: Epilogue
    /// `threads × blockRows × reduction` floats for im2col blocks (unused when pointwise).
    var scratch: UnsafeMutablePointer<Float>
    var threads: Int

    /// Floats of scratch memory one task needs.
    static func scratchPerTask(_ geometry: ConvolutionGeometry) -> Int {
        geometry.isPointwise ? 0 : GEMM.blockRows * geometry.reduction
    }

    /// Runs the whole convolution.
    func run() {
        let g = geometry
        let work = g.outputPixels * g.outputChannels * g.reduction
        let threads = work < 1 << 16 ? 1 : self.threads
        if g.isPointwise {
            let gemm = GEMM(a: input, lda: g.inputChannels, b: weights[0], c: output, ldc: g.outputChannels, epilogue: epilogue)
            let tileRows = MicroKernel.fastest.rows
            let tiles = (g.outputPixels + tileRows - 1) / tileRows
            if tiles >= 2 * threads || weights[0].panels < threads {
                Parallel.forEachChunk(count: tiles, threads: threads) { _, range in
                    let rows = (range.lowerBound * tileRows)..<min(range.upperBound * tileRows, g.outputPixels)
                    gemm.compute(rows: rows, panels: 0..<gemm.b.panels)
                }
            } else {
                Parallel.forEachChunk(count: weights[0].panels, threads: threads) { _, range in
                    gemm.compute(rows: 0..<g.outputPixels, panels: range)
                }
            }
            return
        }
        let blocks = (g.outputPixels + GEMM.blockRows - 1) / GEMM.blockRows
        Parallel.forEachChunk(count: blocks, threads: threads) { task, range in
            let block = scratch + task * Self.scratchPerTask(g)
            for index in range {
                let first = index * GEMM.blockRows
                let rows = min(GEMM.blockRows, g.outputPixels - first)
                for group in 0..<g.groups {
                    gather(firstPixel: first, pixels: rows, group: group, into: block)
                    var groupEpilogue = epilogue
                    groupEpilogue.bias += group * g.groupOutputChannels
                    groupEpilogue.residual = epilogue.residual.map { $0 + group * g.groupOutputChannels }
                    let gemm = GEMM(a: block, lda: g.reduction, b: weights[group],
                                    c: output + first * g.outputChannels + group * g.groupOutputChannels,
                                    ldc: g.outputChannels, epilogue: groupEpilogue)
                    gemm.compute(rows: 0..<rows, panels: 0..<gemm.b.panels, rowOffset: first)
                }
            }
        }
    }

    /// im2col: row `p` of `block` holds the receptive field of output pixel `firstPixel + p`
    /// for `group`, in `(ky, kx, channel)` order, zeros where the window hangs over the padding.
    /// When a window row lies inside the image and is contiguous in memory (ungrouped, no
    /// horizontal dilation) it is copied in one piece: `kw · cin` floats.
    private func gather(firstPixel: Int, pixels: Int, group: Int, into block: UnsafeMutablePointer<Float>) {
        let g = geometry
        let channels = g.groupInputChannels
        let channelOffset = group * channels
        let contiguous = g.groups == 1 && g.dilationWidth == 1
        for p in 0..<pixels {
            let pixel = firstPixel + p
            let x = pixel % g.outputWidth
            let y = (pixel / g.outputWidth) % g.outputHeight
            let n = pixel / (g.outputWidth * g.outputHeight)
            let originX = x * g.strideWidth - g.padLeft
            var target = block + p * g.reduction
            for ky in 0..<g.kernelHeight {
                let iy = y * g.strideHeight - g.padTop + ky * g.dilationHeight
                guard iy >= 0, iy < g.inputHeight else {
                    Self.fill(target, count: g.kernelWidth * channels)
                    target += g.kernelWidth * channels
                    continue
                }
                let line = input + (n * g.inputHeight + iy) * g.inputWidth * g.inputChannels + channelOffset
                if contiguous, originX >= 0, originX + g.kernelWidth <= g.inputWidth {
                    Self.copy(line + originX * g.inputChannels, to: target, count: g.kernelWidth * channels)
                    target += g.kernelWidth * channels
                    continue
                }
                for kx in 0..<g.kernelWidth {
                    let ix = originX + kx * g.dilationWidth
                    if ix >= 0, ix < g.inputWidth {
                        Self.copy(line + ix * g.inputChannels, to: target, count: channels)
                    } else {
                        Self.fill(target, count: channels)
                    }
                    target += channels
                }
            }
        }
    }

    /// Copies a short run of floats inline (a `memcpy` call costs more than the few floats of
    /// a stem convolution's window row).
    @inline(__always)
    private static func copy(_ source: UnsafePointer<Float>, to target: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count {
            target.store(source.vector(at: i), at: i)
            i += 8
        }
        while i < count {
            target[i] = source[i]
            i += 1
        }
    }

    @inline(__always)
    private static func fill(_ target: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count {
            target.store(SIMD8(), at: i)
            i += 8
        }
        while i < count {
            target[i] = 0
            i += 1
        }
    }
}
