/// The sizes of one convolution or pooling window at one input shape (NHWC), with padding
/// resolved to explicit top/left amounts.
struct ConvolutionGeometry: Sendable, Hashable {
    var batch: Int
    var inputHeight: Int, inputWidth: Int, inputChannels: Int
    var outputHeight: Int, outputWidth: Int, outputChannels: Int
    var kernelHeight: Int, kernelWidth: Int
    var strideHeight: Int, strideWidth: Int
    var dilationHeight: Int, dilationWidth: Int
    var padTop: Int, padLeft: Int
    var groups: Int

    /// Output pixels over the whole batch (GEMM rows).
    var outputPixels: Int { batch * outputHeight * outputWidth }
    /// Input channels per group.
    var groupInputChannels: Int { inputChannels / groups }
    /// Output channels per group.
    var groupOutputChannels: Int { outputChannels / groups }
    /// Reduction length of one group's GEMM: `kh · kw · cin/groups`.
    var reduction: Int { kernelHeight * kernelWidth * groupInputChannels }
    /// A 1×1, stride-1, unpadded, ungrouped convolution: a plain GEMM on the input.
    var isPointwise: Bool {
        kernelHeight == 1 && kernelWidth == 1 && strideHeight == 1 && strideWidth == 1
            && padTop == 0 && padLeft == 0 && groups == 1
    }

    /// The taps `k` of a window starting at input coordinate `origin` that land inside `0..<size`.
    @inline(__always)
    static func validTaps(origin: Int, size: Int, kernel: Int, dilation: Int) -> Range<Int> {
        // smallest k with origin + k·d >= 0, and one past the largest with origin + k·d < size
        let low = origin >= 0 ? 0 : (-origin + dilation - 1) / dilation
        let high = origin >= size ? 0 : min(kernel, (size - 1 - origin) / dilation + 1)
        return low..<max(low, high)
    }
}
