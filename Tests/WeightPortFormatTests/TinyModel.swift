import Foundation
import WeightPortFormat

/// The small model the WPK tests write and the golden file holds: conv2d (float16 bias),
/// batch_norm, relu6, global_avg_pool, dense, with reference vectors. The expected outputs are the
/// model's true outputs for the reference inputs, computed once in float64 with NumPy (SAME
/// padding, batch-norm epsilon 0.001) and rounded to float32.
enum TinyModel {
    /// `count` values `(i % 7 - 3) / 8`: exactly representable in float16 and float32.
    static func ramp(_ count: Int, offset: Int = 0) -> [Float] {
        (0..<count).map { Float(($0 + offset) % 7 - 3) / 8 }
    }

    /// A float16 tensor holding `values` (exactly representable ones).
    static func half(_ name: String, shape: [Int], layout: TensorLayout, _ values: [Float]) throws -> Tensor {
        let storage = ByteStorage(count: values.count * 2) { buffer in
            for (index, value) in values.enumerated() {
                buffer.storeBytes(of: Float16Bits.bits(from: value).littleEndian, toByteOffset: 2 * index, as: UInt16.self)
            }
        }
        return try Tensor(name: name, dtype: .float16, shape: shape, layout: layout, storage: storage)
    }

    static func make(reference: Bool = true) throws -> Model {
        let tensors = [
            try Tensor(name: "conv/kernel", shape: [3, 3, 3, 4], layout: .convolutionKernel, floats: ramp(108)),
            try half("conv/bias", shape: [4], layout: .perChannel, [0.5, -0.25, 1, 2]),
            try Tensor(name: "bn/gamma", shape: [4], layout: .perChannel, floats: [1, 1.5, 0.5, 2]),
            try Tensor(name: "bn/beta", shape: [4], layout: .perChannel, floats: [0, 0.25, -0.25, 0.125]),
            try Tensor(name: "bn/moving_mean", shape: [4], layout: .perChannel, floats: [0.5, 0, -0.5, 1]),
            try Tensor(name: "bn/moving_variance", shape: [4], layout: .perChannel, floats: [1, 2, 0.5, 4]),
            try Tensor(name: "dense/kernel", shape: [4, 3], layout: .denseKernel, floats: ramp(12, offset: 2)),
            try Tensor(name: "dense/bias", shape: [3], layout: .perChannel, floats: [0.25, 0, -0.25]),
        ]
        let nodes = [
            Node(name: "conv", op: .conv2d(Conv2DAttributes(padding: .same)), inputs: ["image"], outputs: ["conv"],
                 weights: ["kernel": "conv/kernel", "bias": "conv/bias"]),
            Node(name: "bn", op: .batchNorm(epsilon: 0.001), inputs: ["conv"], outputs: ["bn"],
                 weights: ["gamma": "bn/gamma", "beta": "bn/beta", "mean": "bn/moving_mean", "variance": "bn/moving_variance"]),
            Node(name: "relu", op: .activation(.relu6), inputs: ["bn"], outputs: ["relu"]),
            Node(name: "pool", op: .globalAvgPool(keepDims: false), inputs: ["relu"], outputs: ["pool"]),
            Node(name: "dense", op: .dense, inputs: ["pool"], outputs: ["logits"],
                 weights: ["kernel": "dense/kernel", "bias": "dense/bias"]),
        ]
        let vectors = reference ? ReferenceVectors(
            inputs: try Tensor(name: "reference/inputs", shape: [1, 4, 4, 3], layout: .nhwc, floats: ramp(48, offset: 5)),
            expected: try Tensor(name: "reference/expected", shape: [1, 3], layout: .plain, floats: [0.20268775522708893, 0.2171349823474884, 0.15392068028450012]),
            atol: 0.0001, rtol: 0.001) : nil
        return try Model(
            name: "tiny_net",
            inputs: [ValueInfo(name: "image", shape: [-1, 4, 4, 3], sourceLayout: .nhwc)],
            outputs: [ValueInfo(name: "logits", shape: [-1, 3], sourceLayout: .plain)],
            nodes: nodes, tensors: tensors,
            provenance: Provenance(sourceFormat: "keras_h5", sourceFile: "tiny_net.h5",
                                   sourceSHA256: String(repeating: "ab", count: 32), frameworkVersion: "keras 3.15.1",
                                   importerVersion: "weightport 0.1.0", createdAt: "2026-11-25T16:00:00Z"),
            reference: vectors)
    }

    /// One dense layer, 1024 → 1300: a 5.3 MB kernel, more than two writeback steps
    /// (`AtomicFile.writebackStep`) of the file by itself.
    static func wide() throws -> Model {
        let features = 1024, units = 1300
        return try Model(
            name: "wide", inputs: [ValueInfo(name: "x", shape: [-1, features], sourceLayout: .plain)],
            outputs: [ValueInfo(name: "y", shape: [-1, units], sourceLayout: .plain)],
            nodes: [Node(name: "dense", op: .dense, inputs: ["x"], outputs: ["y"], weights: ["kernel": "dense/kernel", "bias": "dense/bias"])],
            tensors: [
                try Tensor(name: "dense/kernel", shape: [features, units], layout: .denseKernel, floats: ramp(features * units)),
                try Tensor(name: "dense/bias", shape: [units], layout: .perChannel, floats: ramp(units, offset: 1)),
            ],
            provenance: make().provenance)
    }
}
