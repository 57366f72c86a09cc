/// Attributes of a 2-D convolution. The kernel shape comes from the `kernel` weight
/// (`[kh, kw, cin / groups, cout]`); depthwise convolution is `groups == cin`.
public struct Conv2DAttributes: Sendable, Hashable {
    /// Vertical and horizontal stride.
    public var strideHeight: Int, strideWidth: Int
    /// Vertical and horizontal dilation.
    public var dilationHeight: Int, dilationWidth: Int
    /// Spatial padding.
    public var padding: Padding
    /// Number of channel groups (1: standard, `cin`: depthwise).
    public var groups: Int

    /// Creates convolution attributes; unspecified ones take their usual defaults.
    public init(strideHeight: Int = 1, strideWidth: Int = 1, dilationHeight: Int = 1, dilationWidth: Int = 1,
                padding: Padding = .valid, groups: Int = 1) {
        self.strideHeight = strideHeight
        self.strideWidth = strideWidth
        self.dilationHeight = dilationHeight
        self.dilationWidth = dilationWidth
        self.padding = padding
        self.groups = groups
    }
}

/// Attributes of an average or max pooling window.
public struct PoolAttributes: Sendable, Hashable {
    /// Window height and width.
    public var kernelHeight: Int, kernelWidth: Int
    /// Vertical and horizontal stride.
    public var strideHeight: Int, strideWidth: Int
    /// Spatial padding.
    public var padding: Padding
    /// Average pooling only: whether padded pixels count in the divisor (ONNX `count_include_pad`;
    /// Keras never counts them).
    public var countIncludesPadding: Bool

    /// Creates pooling attributes.
    public init(kernelHeight: Int, kernelWidth: Int, strideHeight: Int, strideWidth: Int,
                padding: Padding = .valid, countIncludesPadding: Bool = false) {
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.strideHeight = strideHeight
        self.strideWidth = strideWidth
        self.padding = padding
        self.countIncludesPadding = countIncludesPadding
    }
}

/// An element-wise activation function. Each case has exactly one meaning.
public enum Activation: Sendable, Hashable {
    /// `max(x, 0)`.
    case relu
    /// `min(max(x, 0), 6)`.
    case relu6
    /// `min(max(x, min), max)`.
    case clip(min: Float, max: Float)
    /// `min(max(alpha · x + beta, 0), 1)`. Keras 3: alpha 1/6, beta 0.5; tf.keras 2 and ONNX
    /// default: alpha 0.2, beta 0.5.
    case hardSigmoid(alpha: Float, beta: Float)
    /// `x · relu6(x + 3) / 6`.
    case hardSwish
    /// `1 / (1 + e^-x)`.
    case sigmoid
    /// `x · sigmoid(x)` (SiLU).
    case swish
}

/// The canonical operation set: closed, one meaning per case. Activations are NHWC; every op works
/// on any batch size. Weight roles (keys of `Node.weights`) are listed per case.
public enum Op: Sendable, Hashable {
    /// 2-D convolution. Weights: `kernel` `[kh, kw, cin/groups, cout]`, optional `bias` `[cout]`.
    case conv2d(Conv2DAttributes)
    /// Inference batch normalisation over the last axis:
    /// `(x - mean) / sqrt(variance + epsilon) · gamma + beta`.
    /// Weights: `mean`, `variance`, optional `gamma` (default 1) and `beta` (default 0), all `[c]`.
    case batchNorm(epsilon: Float)
    /// Fully connected layer on the last axis. Weights: `kernel` `[in, out]`, optional `bias` `[out]`.
    case dense
    /// Element-wise activation.
    case activation(Activation)
    /// Element-wise sum of two inputs with NumPy broadcasting.
    case add
    /// Element-wise product of two inputs with NumPy broadcasting (squeeze-and-excite gating).
    case mul
    /// Mean over height and width: `[n,h,w,c]` → `[n,1,1,c]` (keepDims) or `[n,c]`.
    case globalAvgPool(keepDims: Bool)
    /// Average pooling.
    case avgPool(PoolAttributes)
    /// Max pooling (padding never wins).
    case maxPool(PoolAttributes)
    /// Reshape each sample to `shape` (batch excluded; one `-1` allowed), in NHWC element order.
    case reshape(shape: [Int])
    /// `[n, ...]` → `[n, product]`, in NHWC element order.
    case flatten
    /// Constant spatial padding of `[n,h,w,c]`.
    case pad(top: Int, left: Int, bottom: Int, right: Int, value: Float)
    /// `x · scale + offset` (input preprocessing, and scalar arithmetic such as `x + 3`).
    case rescale(scale: Float, offset: Float)
    /// Softmax over the last axis.
    case softmax
    /// Output equals input (dropout at inference, `linear` activation).
    case identity
}
