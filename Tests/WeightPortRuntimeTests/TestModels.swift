import Foundation
import Testing
import WeightPortFormat
@testable import WeightPortRuntime

/// A seeded generator so that random tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Builds small canonical models with random weights for tests.
struct ModelBuilder {
    var rng: SplitMix64
    var nodes: [Node] = []
    var tensors: [Tensor] = []

    init(seed: UInt64 = 1) { rng = SplitMix64(seed: seed) }

    mutating func random(_ count: Int, in range: ClosedRange<Float> = -1...1) -> [Float] {
        (0..<count).map { _ in Float.random(in: range, using: &rng) }
    }

    mutating func tensor(_ name: String, _ shape: [Int], _ layout: TensorLayout, in range: ClosedRange<Float> = -1...1,
                         float16: Bool = false) -> String {
        let values = random(shape.reduce(1, *), in: range)
        if float16 {
            let bits = values.map { Float16Bits.bits(from: $0) }
            let storage = bits.withUnsafeBytes { ByteStorage(copying: $0) }
            tensors.append(try! Tensor(name: name, dtype: .float16, shape: shape, layout: layout, storage: storage))
        } else {
            tensors.append(try! Tensor(name: name, shape: shape, layout: layout, floats: values))
        }
        return name
    }

    /// Appends a node whose output value is named after it; returns the output name.
    @discardableResult
    mutating func add(_ name: String, _ op: Op, _ inputs: [String], weights: [String: String] = [:]) -> String {
        nodes.append(Node(name: name, op: op, inputs: inputs, outputs: [name], weights: weights))
        return name
    }

    @discardableResult
    mutating func conv(_ name: String, _ input: String, kernel: (Int, Int), cin: Int, cout: Int,
                       _ attributes: Conv2DAttributes = Conv2DAttributes(), bias: Bool = true, float16: Bool = false) -> String {
        var weights = ["kernel": tensor("\(name)/kernel", [kernel.0, kernel.1, cin / attributes.groups, cout], .convolutionKernel,
                                        in: -0.5...0.5, float16: float16)]
        if bias { weights["bias"] = tensor("\(name)/bias", [cout], .perChannel) }
        return add(name, .conv2d(attributes), [input], weights: weights)
    }

    @discardableResult
    mutating func batchNorm(_ name: String, _ input: String, channels: Int) -> String {
        add(name, .batchNorm(epsilon: 1e-3), [input], weights: [
            "gamma": tensor("\(name)/gamma", [channels], .perChannel, in: 0.5...1.5),
            "beta": tensor("\(name)/beta", [channels], .perChannel),
            "mean": tensor("\(name)/mean", [channels], .perChannel),
            "variance": tensor("\(name)/variance", [channels], .perChannel, in: 0.2...2),
        ])
    }

    func model(inputs: [ValueInfo], outputs: [ValueInfo]) -> Model {
        let provenance = Provenance(sourceFormat: "test", sourceFile: "none", sourceSHA256: "", frameworkVersion: nil,
                                    importerVersion: "test", createdAt: "")
        return try! Model(name: "test", inputs: inputs, outputs: outputs, nodes: nodes, tensors: tensors, provenance: provenance)
    }

    /// A model with one NHWC input `x` and the last node's output as its only output.
    func model(input shape: [Int], layout: SourceLayout = .nhwc, outputLayout: SourceLayout? = nil) -> Model {
        let last = nodes.last!.outputs[0]
        return model(inputs: [ValueInfo(name: "x", shape: shape, sourceLayout: layout)],
                     outputs: [ValueInfo(name: last, shape: [], sourceLayout: outputLayout ?? (layout == .nchw ? .plain : layout))])
    }
}

/// Runs `model` on a random NHWC input through the session and the reference interpreter and
/// checks that they agree within `tolerance` (shape first, then values).
func expectMatchesReference(_ model: Model, input shape: [Int], threads: Int = 2, seed: UInt64 = 7,
                            tolerance: Float = 1e-4, options: RuntimeOptions? = nil,
                            sourceLocation: SourceLocation = #_sourceLocation) throws {
    var rng = SplitMix64(seed: seed)
    let values = (0..<shape.reduce(1, *)).map { _ in Float.random(in: -2...2, using: &rng) }
    let session = try InferenceSession(model: model, options: options ?? RuntimeOptions(threads: threads))
    let actual = try session.run(NDArray(shape: shape, values: values))
    let reference = try ReferenceInterpreter.run(model, inputs: ["x": .init(shape: shape, values: values)])
    let expected = reference[model.outputs[0].name]!
    try #require(actual.shape == expected.shape, sourceLocation: sourceLocation)
    let scale = max(1, expected.values.map(abs).max() ?? 0)
    let worst = zip(actual.values, expected.values).map { abs($0 - $1) }.max() ?? 0
    #expect(worst <= tolerance * scale, "max abs diff \(worst) (scale \(scale)) for input \(shape)", sourceLocation: sourceLocation)
}
