/// Summed parameters and multiply-accumulates of a set of layers (a whole model, or one
/// `LayerKind` of it).
public struct CostTotals: Sendable, Hashable {
    /// Number of layers summed.
    public var layers: Int
    /// Stored weight elements, batch-norm statistics included (Keras' `count_params`).
    public var params: Int
    /// The part of `params` that is batch-norm `mean` and `variance` (Keras' non-trainable params).
    public var nonTrainableParams: Int
    /// Multiply-accumulates for one sample.
    public var macs: Int

    /// `params - nonTrainableParams`: what the MobileNet papers count as parameters.
    public var trainableParams: Int { params - nonTrainableParams }

    /// Creates totals.
    public init(layers: Int = 0, params: Int = 0, nonTrainableParams: Int = 0, macs: Int = 0) {
        self.layers = layers
        self.params = params
        self.nonTrainableParams = nonTrainableParams
        self.macs = macs
    }

    /// Adds one layer's figures.
    /// - Throws: `FormatError.invalidModel` when a sum overflows `Int`.
    mutating func add(_ layer: LayerSummary) throws {
        func sum(_ a: Int, _ b: Int) throws -> Int {
            let (result, overflow) = a.addingReportingOverflow(b)
            guard !overflow else { throw FormatError.invalidModel(reason: "the model's parameter or MAC count overflows at node '\(layer.name)'") }
            return result
        }
        layers += 1
        params = try sum(params, layer.params)
        nonTrainableParams = try sum(nonTrainableParams, layer.nonTrainableParams)
        macs = try sum(macs, layer.macs)
    }
}
