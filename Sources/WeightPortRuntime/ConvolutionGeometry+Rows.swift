extension ConvolutionGeometry {
    /// Calls `body` once for every output row (`n · outputHeight + y`), the rows split across
    /// `threads` when the window work (≥ 32K multiply-adds) is worth a dispatch. Window kernels
    /// (depthwise convolution, pooling) compute one row per call.
    func forEachOutputRow(threads: Int, _ body: @Sendable (_ row: Int) -> Void) {
        let work = outputPixels * outputChannels * kernelHeight * kernelWidth
        Parallel.forEachChunk(count: batch * outputHeight, threads: work < 1 << 15 ? 1 : threads) { _, range in
            for row in range { body(row) }
        }
    }
}
