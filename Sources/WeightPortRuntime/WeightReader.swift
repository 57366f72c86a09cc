import WeightPortFormat

/// Reads one node's weights as float32 (float16 widened), checking shapes against what the op
/// needs before anything uses them.
struct WeightReader {
    let node: Node
    let model: Model

    /// The tensor in `role`, or `nil` when the node has none.
    /// - Throws: `RuntimeError.invalidModel` when the node names a missing tensor.
    func tensor(_ role: String) throws -> Tensor? {
        do {
            return try model.weight(role, of: node)
        } catch {
            throw RuntimeError.invalidModel(reason: "\(error)")
        }
    }

    /// The values in `role`, or `nil` when the node has none.
    /// - Throws: `RuntimeError.weightShape` when `shape` is given and differs.
    func floats(_ role: String, shape: [Int]? = nil) throws -> [Float]? {
        guard let tensor = try tensor(role) else { return nil }
        if let shape, tensor.shape != shape {
            throw RuntimeError.weightShape(node: node.name, tensor: tensor.name, shape: tensor.shape, expected: "\(shape)")
        }
        return tensor.floatValues()
    }
}
