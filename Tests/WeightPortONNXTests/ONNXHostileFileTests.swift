import Foundation
import Testing
@testable import WeightPortONNX

/// Hostile and broken files: each is refused with its own error, naming the file and the cause,
/// before any out-of-bounds read, huge allocation or file outside the model's directory.
@Suite struct ONNXHostileFileTests {
    private func hostile(_ name: String) -> URL { ONNXFixtures.hostile.appendingPathComponent(name) }

    /// A fresh temporary directory, removed by the caller.
    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("weightport-onnx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func importError(_ url: URL) -> ONNXImportError? {
        do {
            _ = try ONNXImporter.importModel(at: url)
            return nil
        } catch let error as ONNXImportError {
            return error
        } catch {
            Issue.record("unexpected error type: \(error)")
            return nil
        }
    }

    @Test func wellFormedExternalDataNextToTheModelLoads() throws {
        let model = try ONNXImporter.importModel(at: hostile("external_ok.onnx"))
        // OIHW [4, 4, 1, 1] holding 0..<16 becomes [1, 1, in, out]: element (i, o) is o·4 + i.
        let kernel = try #require(model.tensor(named: "w"))
        #expect(kernel.shape == [1, 1, 4, 4])
        #expect(kernel.floatValues() == (0..<4).flatMap { i in (0..<4).map { o in Float(o * 4 + i) } })
    }

    @Test func externalLocationWithParentDirectoryIsRefused() {
        let error = importError(hostile("external_parent.onnx"))
        #expect(error == .externalDataEscapes(file: "external_parent.onnx", tensor: "w", location: "../weights.data"))
        #expect(error?.description.contains("leaves the model's directory") == true)
    }

    @Test func absoluteExternalLocationIsRefused() {
        let error = importError(hostile("external_absolute.onnx"))
        #expect(error == .externalDataAbsolutePath(file: "external_absolute.onnx", tensor: "w", location: "/etc/passwd"))
        #expect(error?.description.contains("is absolute") == true)
    }

    @Test func externalRangePastTheEndOfTheDataFileIsRefused() {
        let error = importError(hostile("external_past_end.onnx"))
        guard case let .externalDataRange(file, tensor, location, reason)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(file == "external_past_end.onnx" && tensor == "w" && location == "weights.data")
        #expect(reason.contains("past the end of the 64-byte file"))
    }

    @Test func missingExternalDataFileIsReported() {
        let error = importError(hostile("external_missing.onnx"))
        #expect(error == .externalDataUnreadable(file: "external_missing.onnx", tensor: "w", location: "missing.data", reason: "no such file"))
    }

    @Test func symbolicLinkLeavingTheModelDirectoryIsRefused() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = directory.appendingPathComponent("linked.onnx")
        try FileManager.default.copyItem(at: hostile("external_ok.onnx"), to: model)
        try FileManager.default.createSymbolicLink(at: directory.appendingPathComponent("weights.data"), withDestinationURL: hostile("weights.data"))
        #expect(importError(model) == .externalDataEscapes(file: "linked.onnx", tensor: "w", location: "weights.data"))
    }

    @Test func overflowingDimensionsAreRefused() {
        let error = importError(hostile("dims_overflow.onnx"))
        #expect(error == .invalidDimensions(file: "dims_overflow.onnx", tensor: "w", dims: [1 << 40, 1 << 40, 1, 1]))
        #expect(error?.description.contains("overflows") == true)
    }

    @Test func rawDataShorterThanTheShapeIsRefused() {
        #expect(importError(hostile("short_raw_data.onnx")) == .tensorDataMismatch(file: "short_raw_data.onnx", tensor: "w", expected: 64, found: 60))
    }

    @Test func truncatedProtobufIsNotAValidONNXFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = try Data(contentsOf: try #require(ONNXFixtures.entry("mobilenet_v2_legacy_op13")).url)
        let truncated = directory.appendingPathComponent("truncated.onnx")
        try source.prefix(source.count / 2).write(to: truncated)
        let error = importError(truncated)
        #expect(error == .notProtobuf(file: "truncated.onnx"))
        #expect(error?.description.contains("not a valid ONNX protobuf") == true)
    }

    @Test func bytesThatAreNoProtobufAreRefused() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let garbage = directory.appendingPathComponent("garbage.onnx")
        try Data([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]).write(to: garbage)
        #expect(importError(garbage) == .notProtobuf(file: "garbage.onnx"))
    }

    @Test func filesOverTwoGigabytesAreRefusedBeforeReading() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let huge = directory.appendingPathComponent("huge.onnx")
        #expect(FileManager.default.createFile(atPath: huge.path, contents: nil))
        let handle = try FileHandle(forWritingTo: huge)
        try handle.truncate(atOffset: UInt64(Int32.max) + 1)  // sparse: no disk used
        try handle.close()
        #expect(importError(huge) == .fileTooLarge(file: "huge.onnx", byteCount: Int(Int32.max) + 1))
    }

    @Test func aMissingFileIsUnreadable() {
        guard case .unreadable(file: "absent.onnx", _)? = importError(hostile("absent.onnx")) else {
            Issue.record("a missing file must be reported as unreadable")
            return
        }
    }

    @Test func aGraphWithACycleIsRefusedNamingTheCycle() {
        let error = importError(hostile("cycle.onnx"))
        #expect(error == .cycle(file: "cycle.onnx", nodes: ["first", "second"]))
        #expect(error?.description.contains("cycle") == true)
    }

    @Test func anUnknownOpIsRefusedNamingNodeOpAndFile() {
        let error = importError(hostile("unknown_op.onnx"))
        #expect(error == .unsupportedOperator(file: "unknown_op.onnx", node: "recurrent", opType: "LSTM"))
        #expect(error?.description == "unknown_op.onnx: node 'recurrent': op type 'LSTM' has no WeightPort translation")
    }

    @Test func flatteningSpatialNCHWDataIsRefusedNotReordered() {
        // NCHW element order differs from the canonical NHWC order when H·W > 1.
        guard case let .unsupportedNode(file, node, opType, reason)? = importError(hostile("flatten_spatial.onnx")) else {
            Issue.record("Flatten of [1, 4, 2, 2] must be refused")
            return
        }
        #expect(file == "flatten_spatial.onnx" && node == "flatten_nchw" && opType == "Flatten")
        #expect(reason.contains("NCHW element order"))
    }

    @Test func divisionByAConstantIsRefusedNotApproximated() {
        guard case let .unsupportedNode(_, node, opType, reason)? = importError(hostile("div_by_constant.onnx")) else {
            Issue.record("x / 6 must be refused")
            return
        }
        #expect(node == "divide" && opType == "Div" && reason.contains("no exact canonical op"))
    }

    @Test func aModelWithoutAGraphIsRefused() {
        #expect(importError(hostile("no_graph.onnx")) == .missingGraph(file: "no_graph.onnx"))
    }

    @Test func aNonFloatGraphInputIsRefused() {
        guard case let .unsupportedValue(file, value, reason)? = importError(hostile("int64_input.onnx")) else {
            Issue.record("an int64 input must be refused")
            return
        }
        #expect(file == "int64_input.onnx" && value == "ids" && reason.contains("not float32"))
    }

    @Test func readingAnUndefinedValueIsReported() {
        #expect(importError(hostile("undefined_value.onnx")) == .undefinedValue(file: "undefined_value.onnx", node: "add_ghost", value: "ghost"))
    }

    @Test func anUnsupportedWeightTypeIsRefused() {
        #expect(importError(hostile("double_weight.onnx")) == .unsupportedDataType(file: "double_weight.onnx", tensor: "w", dataType: 11))
    }

    @Test func aValueProducedTwiceMakesNoValidModel() {
        guard case let .invalidCanonicalModel(file, reason)? = importError(hostile("output_produced_twice.onnx")) else {
            Issue.record("two producers of one value must be refused")
            return
        }
        #expect(file == "output_produced_twice.onnx" && reason.contains("produced twice"))
    }

    @Test func anOpsetBelowElevenIsRefused() {
        #expect(importError(hostile("opset_9.onnx")) == .unsupportedOpset(file: "opset_9.onnx", version: 9, supported: 11...18))
    }
}
