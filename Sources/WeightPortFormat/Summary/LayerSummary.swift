/// One row of a `ModelSummary`: a node of the canonical graph with its output shape and cost.
public struct LayerSummary: Sendable, Hashable {
    /// The node's source name (nested Keras layers are `outer/inner`).
    public var name: String
    /// The canonical op name (`conv2d`, `batch_norm`, `relu6`, ...), as `Op.canonicalName` spells it.
    public var op: String
    /// The key attributes in a few words: `conv2d 3×3/2 same`, `depthwise 3×3/1 same ×32`,
    /// `pointwise 1×1`, `dense 1024→1000`, `pad 0,0,1,1`, `rescale ×0.00784 −1`, ...
    public var description: String
    /// Shape of the node's output for the summary's input shapes (batch 1), NHWC.
    public var outputShape: [Int]
    /// Stored weight elements the node references (kernel, bias, and all four batch-norm
    /// tensors); a tensor shared by several nodes is counted at its first user only.
    public var params: Int
    /// The part of `params` Keras reports as non-trainable: batch-norm `mean` and `variance`.
    public var nonTrainableParams: Int
    /// Multiply-accumulates for one sample (see `ModelSummary.countingRules`).
    public var macs: Int
    /// The layer's cost class.
    public var kind: LayerKind
    /// Names of the values the node reads (model inputs or earlier nodes' outputs).
    public var inputs: [String]
    /// Names of the values the node produces.
    public var outputs: [String]

    /// Creates a row.
    public init(name: String, op: String, description: String, outputShape: [Int], params: Int,
                nonTrainableParams: Int, macs: Int, kind: LayerKind, inputs: [String], outputs: [String]) {
        self.name = name
        self.op = op
        self.description = description
        self.outputShape = outputShape
        self.params = params
        self.nonTrainableParams = nonTrainableParams
        self.macs = macs
        self.kind = kind
        self.inputs = inputs
        self.outputs = outputs
    }
}
