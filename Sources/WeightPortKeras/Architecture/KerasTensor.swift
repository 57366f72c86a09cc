/// A symbolic tensor while an architecture is being built: which node produced it and its
/// shape without the batch dimension (Keras writes that one as `null`).
struct KerasTensor: Sendable, Equatable {
    /// Name of the layer or operation node that outputs this tensor.
    var producer: String
    /// Shape without the batch dimension, channels last: `[h, w, c]` or `[c]`.
    var shape: [Int]

    /// The shape as Keras writes it, batch first: `[null, h, w, c]`.
    var batchShapeJSON: KerasJSON {
        .array([.null] + shape.map { .int($0) })
    }

    /// The `__keras_tensor__` argument Keras 3 writes in `inbound_nodes`.
    var json: KerasJSON {
        .object([
            .init("class_name", "__keras_tensor__"),
            .init("config", .object([
                .init("shape", batchShapeJSON),
                .init("dtype", "float32"),
                .init("keras_history", .array([.string(producer), 0, 0])),
            ])),
        ])
    }

    /// Number of channels (the last dimension).
    var channels: Int { shape[shape.count - 1] }
}
