/// Where a layer sits in the model, in the two ways Keras files address it.
struct KerasLayerLocation: Sendable, Hashable {
    /// Layer names from the outermost model down (`["mobilenetv2_1.00_160", "Conv1"]`). Legacy
    /// `.h5` files store weights by these names.
    var namePath: [String]
    /// Keras 3 storage keys from the outermost model down (`["functional", "conv2d_3"]`): the
    /// snake-cased class name, numbered `_1`, `_2`, ... per class in `model.layers` order.
    var storagePath: [String]
    /// The layer's Keras class, for error messages.
    var className: String

    /// Creates a location.
    init(namePath: [String], storagePath: [String], className: String) {
        self.namePath = namePath
        self.storagePath = storagePath
        self.className = className
    }

    /// `outer/inner`: the canonical node and value name.
    var qualifiedName: String { namePath.joined(separator: "/") }
}
