/// A convolution computed as GEMM, with its epilogue fused: pointwise (1×1) convolutions and
/// dense layers multiply the input directly. Ungrouped convolutions without horizontal
/// dilation (the stem) multiply the input in place too, one kernel row at a time, for the
/// pixels whose window lies inside the image (see `computeRow`). Every other pixel (borders,
/// grouped convolutions) is gathered `blockRows` pixels at a time into a per-task im2col block
/// (`kh · kw · cin/groups` columns, NHWC-ordered to match the `[kh, kw, cin/groups, cout]`
/// kernel) that is then multiplied. Work is split over output-pixel blocks or rows, or over
/// column panels when there are too few pixels (dense at batch 1).
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

    /// Multiply-adds below which the convolution runs on one thread. The squeeze-and-excite
    /// layers of MobileNetV3-L at batch 1 (one row, streaming their weights) with 113K and 230K
    /// multiply-adds took 0.71× and 0.58× their one-thread time on two threads claiming panel
    /// pairs, so the threshold sits below them; the 58K ones were no faster.
    static let parallelWork = 1 << 16

    /// Floats of scratch memory one task needs.
    static func scratchPerTask(_ geometry: ConvolutionGeometry) -> Int {
        geometry.isPointwise ? 0 : GEMM.blockRows * geometry.reduction
    }

    /// Runs the whole convolution.
    func run() {
        let g = geometry
        let work = g.outputPixels * g.outputChannels * g.reduction
        let threads = work < Self.parallelWork ? 1 : self.threads
        if g.isPointwise {
            let gemm = GEMM(a: input, lda: g.inputChannels, b: weights[0], c: output, ldc: g.outputChannels, epilogue: epilogue)
            let tileRows = MicroKernel.fastest.rows
            let tiles = (g.outputPixels + tileRows - 1) / tileRows, panels = weights[0].panels
            // Threads claim row tiles, so that each reads its share of A only, unless splitting the
            // panels (columns) balances at least 5% better: at 7×7 the 9 row tiles split 5 : 4 at
            // best (claims of two), their 20 or 80 panels evenly.
            let byRows = (tiles + threads - 1) / threads * panels, byPanels = (panels + threads - 1) / threads * tiles
            if byRows * 20 <= byPanels * 21 {
                // Claims of at least two tiles (12 rows: the height of the AVX-512 tiles).
                Parallel.forEachClaim(count: tiles, threads: threads, grain: 2) { _, claims in
                    while let range = claims.next() {
                        let rows = (range.lowerBound * tileRows)..<min(range.upperBound * tileRows, g.outputPixels)
                        gemm.compute(rows: rows, panels: 0..<gemm.b.panels)
                    }
                }
            } else {
                // Claimed in pairs of panels, which the widest tiles cover.
                Parallel.forEachClaim(count: (panels + 1) / 2, threads: threads) { _, claims in
                    while let pairs = claims.next() {
                        gemm.compute(rows: 0..<g.outputPixels, panels: (2 * pairs.lowerBound)..<min(2 * pairs.upperBound, panels))
                    }
                }
            }
            return
        }
        guard g.groups == 1, g.dilationWidth == 1 else {
            let blocks = (g.outputPixels + GEMM.blockRows - 1) / GEMM.blockRows
            Parallel.forEachClaim(count: blocks, threads: threads) { task, claims in
                let block = scratch + task * Self.scratchPerTask(g)
                while let index = claims.nextIndex() {
                    let first = index * GEMM.blockRows
                    gathered(pixels: first..<min(first + GEMM.blockRows, g.outputPixels), block: block)
                }
            }
            return
        }
        Parallel.forEachClaim(count: g.batch * g.outputHeight, threads: threads) { task, claims in
            let block = scratch + task * Self.scratchPerTask(g)
            while let row = claims.nextIndex() { computeRow(row, block: block) }
        }
    }

    /// Output row `row` (= `n · outputHeight + y`) of an ungrouped convolution whose window rows
    /// are contiguous in memory. When the whole kernel height lies inside the image, the pixels
    /// whose window also lies inside horizontally are computed in place (implicit GEMM): for
    /// each kernel row `ky`, consecutive output pixels read `kw · cin` consecutive input floats
    /// `strideWidth · cin` apart, which is a GEMM with A's rows overlapping in the input and B's
    /// reduction rows `ky · kw · cin ..<` `(ky + 1) · kw · cin`. A window that fits one
    /// reduction block (a 3×3×3 stem's) is one pass whose A rows are `kh` segments; a longer one
    /// is a pass per kernel row, accumulating into the output. The border pixels go through
    /// im2col.
    private func computeRow(_ row: Int, block: UnsafeMutablePointer<Float>) {
        let g = geometry
        let rowStart = row * g.outputWidth
        let n = row / g.outputHeight, y = row % g.outputHeight
        let originY = y * g.strideHeight - g.padTop
        let tapsY = ConvolutionGeometry.validTaps(origin: originY, size: g.inputHeight, kernel: g.kernelHeight, dilation: g.dilationHeight)
        // Interior pixels: originX = x · sw − padLeft ≥ 0 and originX + kw ≤ inputWidth.
        let interiorStart = min((g.padLeft + g.strideWidth - 1) / g.strideWidth, g.outputWidth)
        let interiorEnd = g.inputWidth + g.padLeft < g.kernelWidth
            ? interiorStart : min((g.inputWidth + g.padLeft - g.kernelWidth) / g.strideWidth + 1, g.outputWidth)
        guard tapsY.count == g.kernelHeight, interiorStart < interiorEnd else {
            gathered(pixels: rowStart..<(rowStart + g.outputWidth), block: block)
            return
        }
        let firstColumn = interiorStart * g.strideWidth - g.padLeft
        let top = (n * g.inputHeight + originY) * g.inputWidth + firstColumn
        if g.reduction <= GEMM.blockDepth {
            // The whole window in one pass: each kernel row is a segment of A's rows.
            var gemm = GEMM(a: input + top * g.inputChannels, lda: g.strideWidth * g.inputChannels, b: weights[0],
                            c: output + (rowStart + interiorStart) * g.outputChannels, ldc: g.outputChannels, epilogue: epilogue)
            gemm.segments = Segments(count: g.kernelHeight, stride: g.dilationHeight * g.inputWidth * g.inputChannels)
            gemm.compute(rows: 0..<(interiorEnd - interiorStart), panels: 0..<gemm.b.panels, rowOffset: rowStart + interiorStart)
        } else {
            accumulateKernelRows(row, top: top, interior: interiorStart..<interiorEnd)
        }
        gathered(pixels: rowStart..<(rowStart + interiorStart), block: block)
        gathered(pixels: (rowStart + interiorEnd)..<(rowStart + g.outputWidth), block: block)
    }

    /// The interior pixels `interior` of output row `row` one kernel row at a time, each pass
    /// accumulating into the output (`top` is the input pixel of the first pixel's window).
    private func accumulateKernelRows(_ row: Int, top: Int, interior: Range<Int>) {
        let g = geometry
        let rowStart = row * g.outputWidth
        let span = g.kernelWidth * g.inputChannels
        for ky in 0..<g.kernelHeight {
            let line = top + ky * g.dilationHeight * g.inputWidth
            let gemm = GEMM(a: input + line * g.inputChannels, lda: g.strideWidth * g.inputChannels, b: weights[0],
                            c: output + (rowStart + interior.lowerBound) * g.outputChannels, ldc: g.outputChannels, epilogue: epilogue,
                            reduction: (ky * span)..<((ky + 1) * span), accumulates: ky > 0, finishes: ky == g.kernelHeight - 1)
            gemm.compute(rows: 0..<interior.count, panels: 0..<gemm.b.panels, rowOffset: rowStart + interior.lowerBound)
        }
    }

    /// Output pixels `pixels` through im2col, `blockRows` at a time (`block` holds one block).
    private func gathered(pixels: Range<Int>, block: UnsafeMutablePointer<Float>) {
        let g = geometry
        var first = pixels.lowerBound
        while first < pixels.upperBound {
            let rows = min(GEMM.blockRows, pixels.upperBound - first)
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
            first += rows
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
