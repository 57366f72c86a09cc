import Foundation
import Testing
@testable import WeightPortKeras

/// Each cause of failure gives its own error, naming the file, and the layer and class where one
/// is involved. Files from `Fixtures/generate/make_keras_error_fixtures.py`.
@Suite struct KerasImportErrorTests {
    private func importError(_ name: String) -> KerasImportError? {
        do {
            _ = try KerasImporter.importModel(at: Fixtures.errorFile(name))
            return nil
        } catch {
            return error as? KerasImportError
        }
    }

    @Test func theControlFileImports() throws {
        let model = try KerasImporter.importModel(at: Fixtures.errorFile("tiny_valid.h5"))
        #expect(model.nodes.map(\.name) == ["conv", "bn", "relu", "pool", "logits"])
    }

    @Test func aMissingFileIsFileNotFound() {
        #expect(importError("no_such_file.h5") == .fileNotFound(file: "no_such_file.h5"))
    }

    @Test func aFileThatIsNotHDF5IsNotHDF5() {
        #expect(importError("not_hdf5.h5") == .notHDF5(file: "not_hdf5.h5"))
    }

    @Test func anUnsupportedLayerClassNamesFileLayerAndClass() {
        let error = importError("unsupported_layer.h5")
        #expect(error == .unsupportedLayer(file: "unsupported_layer.h5", layer: "relu", className: "ELU"))
        #expect(error?.description.contains("unsupported_layer.h5") == true)
        #expect(error?.description.contains("'relu' (ELU)") == true)
    }

    @Test func batchNormalizationOverANonLastAxisIsRefused() {
        guard case let .unsupportedSetting(file, layer, className, reason) = importError("bn_axis_not_last.h5") else {
            Issue.record("expected unsupportedSetting")
            return
        }
        #expect(file == "bn_axis_not_last.h5" && layer == "bn" && className == "BatchNormalization")
        #expect(reason.contains("axis"))
    }

    @Test func aStoredShapeThatDiffersFromTheConfigNamesTensorAndBothShapes() {
        guard case let .weightShapeMismatch(file, layer, className, tensor, expected, stored, _) = importError("weight_shape_mismatch.h5") else {
            Issue.record("expected weightShapeMismatch")
            return
        }
        #expect(file == "weight_shape_mismatch.h5" && layer == "logits" && className == "Dense")
        #expect(tensor == "logits/kernel" && expected == [4, 3] && stored == [4, 2])
    }

    @Test func aFloat64DatasetIsAnUnsupportedDType() {
        #expect(importError("float64_kernel.h5") == .unsupportedDType(file: "float64_kernel.h5", layer: "conv", className: "Conv2D",
                                                                       tensor: "conv/kernel", dtype: "float64"))
    }

    @Test func aMissingVariableIsMissingWeight() {
        #expect(importError("missing_weight.h5") == .missingWeight(file: "missing_weight.h5", layer: "bn", className: "BatchNormalization",
                                                                    weight: "moving_variance"))
    }

    @Test func aConfigThatIsNotJSONIsInvalidConfig() {
        guard case let .invalidConfig(file, layer, reason) = importError("config_not_json.h5") else {
            Issue.record("expected invalidConfig")
            return
        }
        #expect(file == "config_not_json.h5" && layer == nil && reason.contains("JSON"))
    }

    @Test func aStoredVariableTheConfigDoesNotUseIsUnexpectedWeight() {
        #expect(importError("extra_weight.h5") == .unexpectedWeight(file: "extra_weight.h5", layer: "conv", className: "Conv2D", weight: "bias"))
    }

    @Test func anInputFromAnUnknownLayerIsUnsupportedGraph() {
        guard case let .unsupportedGraph(file, layer, className, reason) = importError("unknown_inbound.h5") else {
            Issue.record("expected unsupportedGraph")
            return
        }
        #expect(file == "unknown_inbound.h5" && layer == "logits" && className == "Dense" && reason.contains("nowhere"))
    }

    @Test func aMissingWeightsGroupIsMissingObject() {
        #expect(importError("no_model_weights.h5") == .missingObject(file: "no_model_weights.h5", object: "/model_weights"))
    }

    @Test func anHDF5FileKerasDidNotWriteIsInvalidObject() {
        guard case let .invalidObject(file, object, _) = importError("plain_hdf5.h5") else {
            Issue.record("expected invalidObject")
            return
        }
        #expect(file == "plain_hdf5.h5" && object == "/")
    }

    @Test func aTruncatedHDF5FileIsAnHDF5ErrorWithLibhdf5sReason() {
        guard case let .hdf5(file, object, reason) = importError("truncated.h5") else {
            Issue.record("expected hdf5, got \(String(describing: importError("truncated.h5")))")
            return
        }
        #expect(file == "truncated.h5" && object == "/" && !reason.isEmpty)
    }

    @Test func anArchiveWithoutItsWeightsIsInvalidArchive() {
        guard case let .invalidArchive(file, reason) = importError("no_weights.keras") else {
            Issue.record("expected invalidArchive")
            return
        }
        #expect(file == "no_weights.keras" && reason.contains("model.weights.h5"))
    }

    /// libhdf5 identifies in-memory files by name: two payloads opened under one display name at
    /// the same time must stay two files.
    @Test func twoInMemoryImagesWithTheSameNameStayDistinct() throws {
        let first = try HDF5File.open(image: Data(contentsOf: Fixtures.errorFile("tiny_valid.h5")), name: "m.keras/model.weights.h5")
        let second = try HDF5File.open(image: Data(contentsOf: Fixtures.errorFile("float64_kernel.h5")), name: "m.keras/model.weights.h5")
        let kernel = "model_weights/conv/conv/kernel"
        #expect(try first.root().dataset(kernel).dtype.get() == .float32)
        #expect(throws: UnsupportedElementType.self) { try second.root().dataset(kernel).dtype.get() }
    }
}
