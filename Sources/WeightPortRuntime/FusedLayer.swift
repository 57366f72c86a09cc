import WeightPortFormat

/// One step of the fused graph: a canonical node, possibly with following nodes absorbed into
/// it (a folded batch norm, an activation). Shape-independent; a plan gives it sizes.
struct FusedLayer: Sendable {
    enum Operation: Sendable {
        /// `conv2d` or `dense` (a 1×1 convolution over the last axis), epilogue included.
        case convolution(PreparedConvolution, isDense: Bool)
        /// A depthwise convolution with the pointwise convolution before it and/or after it
        /// (see `DepthwiseBlock`); a projection's residual is the layer's second input.
        case depthwiseBlock(BlockParts)
        /// Per-channel or uniform affine map and/or activation (lone batch norm, rescale, activation).
        case channelMap(MapAffine, FusedActivation)
        /// Broadcasting add or multiply, then an activation.
        case binary(BinaryElementwise.Operation, FusedActivation)
        case globalAveragePool
        case averagePool(PoolAttributes)
        case maxPool(PoolAttributes)
        case pad(top: Int, left: Int, bottom: Int, right: Int, value: Float)
        case softmax
        /// `identity`, `reshape`, `flatten`: the output is the input's memory under a new shape.
        case alias
    }

    /// The convolutions of a `depthwiseBlock` and the intermediate values they no longer
    /// write (kept for their shapes).
    struct BlockParts: Sendable {
        var expand: PreparedConvolution?
        var depthwise: PreparedConvolution
        var project: PreparedConvolution?
        /// The depthwise convolution's input (the expansion, or the layer's input).
        var depthwiseInput: String
        /// The depthwise convolution's output (the projection's input, or the layer's output).
        var depthwiseOutput: String
    }

    /// The affine part of a `channelMap`, before the plan binds it to memory.
    enum MapAffine: Sendable {
        case none
        case uniform(scale: Float, offset: Float)
        case perChannel(scale: FloatBuffer, shift: FloatBuffer)
    }

    /// Names of the canonical nodes this layer computes, first to last.
    var nodes: [String]
    var operation: Operation
    /// Values read, in the op's order.
    var inputs: [String]
    /// Value produced.
    var output: String
}
