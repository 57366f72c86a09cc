/// A depthwise-separable convolution found in a model — a depthwise `kh×kw` convolution whose
/// output reaches a pointwise 1×1 convolution through batch-norm, activation, identity or
/// squeeze-and-excite gating (`mul`) nodes only — and its cost against the standard convolution
/// it replaces.
///
/// The standard convolution compared is a `kh×kw` convolution from the depthwise's input channels
/// `C_in` to the pointwise's output channels `N`, **at the depthwise's output size** `H×W`:
/// `H·W·N·kh·kw·C_in` MACs. With a stride-2 depthwise this is the strided standard convolution
/// (output `H×W` = half the input), not one at the input resolution. The cost of squeeze-and-excite
/// layers between the two is part of neither side.
///
/// With a depth multiplier of 1 and a stride-1 pointwise, `ratio` equals `closedFormRatio`,
/// `1/N + 1/(kh·kw)`, exactly; otherwise the two differ and `ratio` is the one computed from the
/// layer shapes.
public struct SeparablePair: Sendable, Hashable {
    /// Name of the depthwise convolution.
    public var depthwise: String
    /// Name of the pointwise convolution.
    public var pointwise: String
    /// Depthwise kernel height and width.
    public var kernelHeight: Int, kernelWidth: Int
    /// Depthwise stride (vertical, horizontal).
    public var strideHeight: Int, strideWidth: Int
    /// Channels entering the depthwise convolution.
    public var inputChannels: Int
    /// Channels leaving the pointwise convolution (`N`).
    public var outputChannels: Int
    /// Spatial size of the depthwise output, the size at which the standard convolution is costed.
    public var outputHeight: Int, outputWidth: Int
    /// MACs of the depthwise convolution.
    public var depthwiseMACs: Int
    /// MACs of the pointwise convolution.
    public var pointwiseMACs: Int
    /// MACs of the standard `kh×kw` convolution `C_in → N` at `outputHeight × outputWidth`.
    public var standardMACs: Int

    /// Creates a pair from its measured figures.
    public init(depthwise: String, pointwise: String, kernelHeight: Int, kernelWidth: Int, strideHeight: Int, strideWidth: Int,
                inputChannels: Int, outputChannels: Int, outputHeight: Int, outputWidth: Int,
                depthwiseMACs: Int, pointwiseMACs: Int, standardMACs: Int) {
        self.depthwise = depthwise
        self.pointwise = pointwise
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.strideHeight = strideHeight
        self.strideWidth = strideWidth
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.outputHeight = outputHeight
        self.outputWidth = outputWidth
        self.depthwiseMACs = depthwiseMACs
        self.pointwiseMACs = pointwiseMACs
        self.standardMACs = standardMACs
    }

    /// `depthwiseMACs + pointwiseMACs`.
    public var separableMACs: Int { depthwiseMACs + pointwiseMACs }

    /// `separableMACs / standardMACs`, from the layer shapes (0 when the standard cost is 0).
    public var ratio: Double {
        standardMACs == 0 ? 0 : Double(separableMACs) / Double(standardMACs)
    }

    /// The textbook ratio `1/N + 1/(kh·kw)` (MobileNet v1 paper, section 3.1).
    public var closedFormRatio: Double {
        guard outputChannels > 0, kernelHeight * kernelWidth > 0 else { return 0 }
        return 1 / Double(outputChannels) + 1 / Double(kernelHeight * kernelWidth)
    }
}
