extension ConvolutionGeometry {
    /// The threads a window kernel (depthwise convolution, pooling) spreads this geometry over:
    /// `threads`, or 1 when the window work (under 32K multiply-adds) is not worth a dispatch.
    func windowThreads(_ threads: Int) -> Int {
        outputPixels * outputChannels * kernelHeight * kernelWidth < 1 << 15 ? 1 : threads
    }

    /// Calls `body` once for every output row (`n · outputHeight + y`), the rows split across
    /// `windowThreads(threads)`. Window kernels compute one row per call.
    func forEachOutputRow(threads: Int, _ body: @Sendable (_ row: Int) -> Void) {
        Parallel.forEachClaim(count: batch * outputHeight, threads: windowThreads(threads)) { _, claims in
            while let row = claims.nextIndex() { body(row) }
        }
    }
}
