import Foundation
import Testing

/// A Keras model and its tf2onnx export go through different importers (HDF5 + Keras config vs
/// protobuf-c + ONNX graph with NHWC↔NCHW transposes and folded batch norm) and must still give the
/// same outputs from our runtime.
@Suite struct CrossImporterTests {
    static let exports = FixtureEntry.all.filter { $0.kind == "onnx" && $0.sourceModel != nil }

    @Test func aKerasFixtureHasATf2onnxExport() {
        #expect(!Self.exports.isEmpty, "Fixtures/MANIFEST.json lists no tf2onnx export with a source_model")
    }

    @Test(arguments: exports)
    func tf2onnxExportAndKerasSourceAgreeWithinOneInHundredThousandPlusRelative(export: FixtureEntry) throws {
        let source = try #require(FixtureEntry.all.first { $0.id == export.sourceModel }, "source model \(export.sourceModel ?? "")")
        let directory = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let inputs = CLIHarness.fixture(try #require(source.inputs))
        var outputs: [String] = []
        for (name, file) in [("keras", source.file), ("onnx", export.file)] {
            let model = directory.appendingPathComponent("\(name).wpk").path
            let converted = try CLIHarness.run(["convert", CLIHarness.fixture(file), "-o", model])
            #expect(converted.status == 0, "\(converted.output)")
            let output = directory.appendingPathComponent("\(name).npy").path
            let run = try CLIHarness.run(["run", model, "--input", inputs, "--output", output])
            #expect(run.status == 0, "\(run.output)")
            outputs.append(output)
        }
        // tf2onnx folds batch norm into float32 weights of its own, so the two models differ by a
        // rounding per weight (ONNX Runtime on the export is itself ~9e-6 from Keras): allow 1e-5
        // absolute plus 1e-5 relative to the logit.
        let comparison = try CLIHarness.run(["validate", directory.appendingPathComponent("onnx.wpk").path, "--inputs", inputs,
                                             "--expected", outputs[0], "--atol", "1e-5", "--rtol", "1e-5", "--json"])
        #expect(comparison.status == 0, "the ONNX export's outputs differ from the Keras source's by more than 1e-5 + 1e-5·|e|: \(comparison.output)")
    }

    @Test(arguments: exports)
    func tf2onnxExportMatchesOnnxRuntime(export: FixtureEntry) throws {
        let directory = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = directory.appendingPathComponent("m.wpk").path
        let converted = try CLIHarness.run(["convert", CLIHarness.fixture(export.file), "-o", model,
                                            "--reference-inputs", CLIHarness.fixture(try #require(export.inputs)),
                                            "--reference-outputs", CLIHarness.fixture(try #require(export.expected))])
        #expect(converted.status == 0, "\(converted.output)")
        let validated = try CLIHarness.run(["validate", model])
        #expect(validated.status == 0, "\(validated.output)")
    }
}
