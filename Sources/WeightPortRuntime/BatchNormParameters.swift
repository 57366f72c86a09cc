import WeightPortFormat

/// An inference batch norm reduced to `x · scale + shift` per channel, computed in double
/// precision from `gamma / sqrt(variance + epsilon)` and `beta - mean · scale`.
struct BatchNormParameters: Sendable {
    var scale: [Float]
    var shift: [Float]

    /// Reads and checks the node's `mean`, `variance` and optional `gamma`, `beta` (all `[c]`).
    /// - Throws: `RuntimeError.missingWeight` without mean or variance, `.weightShape` when the
    ///   four vectors are not all `[c]`.
    init(node: Node, epsilon: Float, model: Model) throws {
        let weights = WeightReader(node: node, model: model)
        guard let meanTensor = try weights.tensor("mean") else { throw RuntimeError.missingWeight(node: node.name, role: "mean") }
        guard meanTensor.shape.count == 1 else {
            throw RuntimeError.weightShape(node: node.name, tensor: meanTensor.name, shape: meanTensor.shape, expected: "[c]")
        }
        let mean = meanTensor.floatValues()
        let channels = mean.count
        let perChannel = [channels]
        guard let variance = try weights.floats("variance", shape: perChannel) else {
            throw RuntimeError.missingWeight(node: node.name, role: "variance")
        }
        let gamma = try weights.floats("gamma", shape: perChannel) ?? [Float](repeating: 1, count: channels)
        let beta = try weights.floats("beta", shape: perChannel) ?? [Float](repeating: 0, count: channels)
        var scale = [Float](repeating: 0, count: channels), shift = scale
        for c in 0..<channels {
            let s = Double(gamma[c]) / (Double(variance[c]) + Double(epsilon)).squareRoot()
            scale[c] = Float(s)
            shift[c] = Float(Double(beta[c]) - Double(mean[c]) * s)
        }
        self.scale = scale
        self.shift = shift
    }

    /// Number of channels.
    var channels: Int { scale.count }
}
