/// A reference to one output of one call of a layer, as Keras serialises it: `keras_history`
/// `[layer, node_index, tensor_index]` (Keras 3) or `[layer, node_index, tensor_index, kwargs]`
/// (tf.keras 2).
public struct KerasTensorReference: Sendable, Hashable {
    /// Name of the producing layer.
    public var layer: String
    /// Which call of that layer (0 unless the layer is shared).
    public var nodeIndex: Int
    /// Which output of that call.
    public var tensorIndex: Int

    /// Creates a reference.
    public init(layer: String, nodeIndex: Int = 0, tensorIndex: Int = 0) {
        self.layer = layer
        self.nodeIndex = nodeIndex
        self.tensorIndex = tensorIndex
    }

    /// Parses `[name, node, tensor, ...]`, or `nil` when `value` has another form.
    init?(list value: JSONValue) {
        guard let items = value.array, items.count >= 3, let layer = items[0].string,
              let node = items[1].integer, let tensor = items[2].integer else { return nil }
        self.init(layer: layer, nodeIndex: node, tensorIndex: tensor)
    }
}
