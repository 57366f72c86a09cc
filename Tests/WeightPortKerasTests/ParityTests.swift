import Foundation
import Testing
import WeightPortFormat
import WeightPortKeras
import WeightPortRuntime

/// End to end: each imported fixture, run by WeightPortRuntime on the fixture's inputs, gives
/// the logits the framework computed from the same file (max abs diff ≤ 1e-4, same top-1).
/// float16 fixtures compare with the framework's float32 computation on the same float16
/// weights (`expected_fp32_compute`): Keras' own float16 arithmetic differs by ~1 logit.
@Suite struct ParityTests {
    static let keras = Fixtures.keras.filter { $0.expected != nil && $0.inputs != nil }

    @Test(arguments: keras)
    func importedModelReproducesTheFrameworkLogits(_ entry: Fixtures.Entry) throws {
        let model = try Fixtures.model(entry)
        let inputs = try NpyFile.read(contentsOf: Fixtures.root.appendingPathComponent(try #require(entry.inputs)))
        let expectedFile = try #require(entry.weightsDtype == "float16" ? entry.expectedFP32Compute : entry.expected)
        let expected = try NpyFile.read(contentsOf: Fixtures.root.appendingPathComponent(expectedFile))
        let actual = try InferenceSession(model: model, options: RuntimeOptions(threads: 1)).run(inputs)
        let report = try ParityReport(actual: actual, expected: expected, atol: 1e-4, rtol: 0)
        print("parity \(entry.id): max abs diff \(report.maxAbsDiff), top-1 agreement \(report.top1Agreement)")
        #expect(report.maxAbsDiff <= 1e-4, "\(entry.id): \(report)")
        #expect(report.top1Agreement == 1, "\(entry.id): \(report)")
    }
}
