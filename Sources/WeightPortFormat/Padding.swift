/// Spatial padding of a convolution or pooling window.
public enum Padding: Sendable, Hashable {
    /// Fixed zero padding, in pixels, on each side.
    case explicit(top: Int, left: Int, bottom: Int, right: Int)
    /// TensorFlow `SAME` (= ONNX `SAME_UPPER`): output size `ceil(in / stride)`; the total padding
    /// `max((out - 1) · stride + (k - 1) · dilation + 1 - in, 0)` is split with the extra pixel at
    /// the bottom/right. Resolved against the actual input size when a plan is built.
    case same

    /// No padding.
    public static let valid = Padding.explicit(top: 0, left: 0, bottom: 0, right: 0)

    /// The explicit amounts for an input of `inputHeight × inputWidth` and an effective window.
    public func resolved(inputHeight: Int, inputWidth: Int, kernelHeight: Int, kernelWidth: Int,
                         strideHeight: Int, strideWidth: Int,
                         dilationHeight: Int = 1, dilationWidth: Int = 1) -> (top: Int, left: Int, bottom: Int, right: Int) {
        switch self {
        case let .explicit(top, left, bottom, right):
            return (top, left, bottom, right)
        case .same:
            func split(_ input: Int, _ kernel: Int, _ stride: Int, _ dilation: Int) -> (Int, Int) {
                let output = (input + stride - 1) / stride
                let total = max((output - 1) * stride + (kernel - 1) * dilation + 1 - input, 0)
                return (total / 2, total - total / 2)
            }
            let (top, bottom) = split(inputHeight, kernelHeight, strideHeight, dilationHeight)
            let (left, right) = split(inputWidth, kernelWidth, strideWidth, dilationWidth)
            return (top, left, bottom, right)
        }
    }
}
