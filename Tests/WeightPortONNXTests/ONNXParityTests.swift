import Foundation
import Testing
import WeightPortFormat
import WeightPortRuntime
@testable import WeightPortONNX

/// The imported models compute what ONNX Runtime computed on the source files: NCHW inputs in,
/// logits out through the session's source-layout handling; max abs diff ≤ 1e-4 and the same
/// top-1 class for every sample.
@Suite struct ONNXParityTests {
    static let tolerance = 1e-4

    /// Runs `model` on `inputs` the way ONNX Runtime ran the source: a model whose batch is fixed
    /// at 1 takes one sample at a time, a dynamic-batch model all at once.
    private func run(_ model: Model, _ inputs: NDArray) throws -> NDArray {
        let session = try InferenceSession(model: model)
        guard model.inputs.first?.shape.first == 1, let batch = inputs.shape.first, batch > 1 else { return try session.run(inputs) }
        let sampleCount = inputs.values.count / batch
        var values: [Float] = []
        var sampleShape: [Int] = []
        for sample in 0..<batch {
            let slice = Array(inputs.values[(sample * sampleCount)..<((sample + 1) * sampleCount)])
            let output = try session.run(try NDArray(shape: [1] + inputs.shape.dropFirst(), values: slice))
            sampleShape = Array(output.shape.dropFirst())
            values += output.values
        }
        return try NDArray(shape: [batch] + sampleShape, values: values)
    }

    private func expectParity(_ actual: NDArray, _ expected: NDArray, _ label: String) throws {
        try #require(actual.shape == expected.shape, "\(label): shape \(actual.shape), expected \(expected.shape)")
        let report = try ParityReport(actual: actual, expected: expected, atol: Self.tolerance, rtol: 0)
        #expect(report.maxAbsDiff <= Self.tolerance, "\(label): \(report)")
        #expect(report.top1Agreement == 1, "\(label): \(report)")
    }

    @Test(arguments: ONNXFixtures.entries)
    func runtimeLogitsMatchONNXRuntime(_ entry: ONNXFixtures.Entry) throws {
        let model = try ONNXFixtures.model(entry)
        let inputs = try ONNXFixtures.loadNpy(entry.inputs)
        #expect(inputs.shape == [3, 3, entry.inputSize, entry.inputSize])
        try expectParity(try run(model, inputs), try ONNXFixtures.loadNpy(entry.expected), entry.id)
    }

    @Test(arguments: [11, 13, 18])
    func theCoverageGraphMatchesONNXRuntime(opset: Int) throws {
        let model = try ONNXImporter.importModel(at: ONNXTranslationRuleTests.coverage(opset: opset))
        let inputs = try ONNXFixtures.loadNpy("onnx/coverage/ops_nhwc_inputs.npy")
        let outputs = try InferenceSession(model: model).run(["x": inputs])
        for (name, suffix) in [("logits_id", "_expected_logits"), ("probs", "_expected")] {
            let actual = try #require(outputs[name], "no output '\(name)'")
            try expectParity(actual, try ONNXFixtures.loadNpy("onnx/coverage/ops_nhwc_op\(opset)\(suffix).npy"), "ops_nhwc_op\(opset) \(name)")
        }
    }
}
