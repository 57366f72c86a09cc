/// The cost class of a layer in a `ModelSummary`: which kind of multiply-add work it does.
///
/// Raw values are the names used in `inspect --json` (`kind`, and the keys of `breakdown`).
public enum LayerKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A `conv2d` that is neither depthwise nor pointwise (a 3×3 stem, a grouped convolution, ...).
    case standardConvolution = "standard_conv"
    /// A `conv2d` with `groups == C_in` and `groups > 1`, whatever its kernel size.
    case depthwiseConvolution = "depthwise_conv"
    /// A `conv2d` with a 1×1 kernel and `groups == 1`.
    case pointwiseConvolution = "pointwise_conv"
    /// A `dense` layer.
    case dense
    /// Every other op (batch norm, activations, pooling, reshapes, ...): no MACs counted.
    case other

    /// The kind of a `conv2d` with a `kernelHeight × kernelWidth` kernel, `groups` groups, over
    /// `inputChannels` channels. Depthwise wins over pointwise (a 1×1 depthwise is depthwise).
    public static func convolution(kernelHeight: Int, kernelWidth: Int, groups: Int, inputChannels: Int) -> LayerKind {
        if groups > 1, groups == inputChannels { return .depthwiseConvolution }
        if kernelHeight == 1, kernelWidth == 1, groups == 1 { return .pointwiseConvolution }
        return .standardConvolution
    }
}
