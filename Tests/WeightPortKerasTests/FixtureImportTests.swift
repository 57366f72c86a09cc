import Foundation
import Synchronization
import Testing
import WeightPortFormat
@testable import WeightPortKeras

/// Rules every Keras fixture of the manifest obeys, whatever its kind (legacy `.h5`, `.keras`,
/// `.weights.h5`, legacy weights `.h5`; weights-only files through their `rebuild_args`).
@Suite struct FixtureImportTests {
    @Test func theManifestListsEveryKindOfKerasFile() {
        for kind in KerasFileKind.allCases {
            #expect(!Fixtures.entries(kind: kind.rawValue).isEmpty, "no \(kind.rawValue) fixture")
        }
    }

    /// The importer queues every tensor on its digest thread as it reads it, so the checksums a
    /// writer needs are computed during the import (nothing else here asks for them).
    @Test(arguments: KerasFileKind.allCases.compactMap { Fixtures.entries(kind: $0.rawValue).first })
    func tensorChecksumsAreComputedInTheBackground(_ entry: Fixtures.Entry) throws {
        let model = if let spec = try entry.architecture() {
            try KerasImporter.importWeights(at: entry.url, architecture: spec)
        } else {
            try KerasImporter.importModel(at: entry.url)
        }
        var known = false
        for _ in 0..<10_000 where !known {
            known = model.tensors.allSatisfy(\.storage.checksumIsKnown)
            if !known { usleep(1000) }
        }
        #expect(known, "\(entry.id): \(model.tensors.filter { !$0.storage.checksumIsKnown }.count) of \(model.tensors.count) checksums never computed")
        for tensor in model.tensors { #expect(tensor.storage.checksum == XXH64.hash(tensor.storage.bytes)) }
    }

    /// The caller's sink gets every tensor of the model, in the model's order, and is told once,
    /// at the end, that it has them all.
    @Test(arguments: KerasFileKind.allCases.compactMap { Fixtures.entries(kind: $0.rawValue).first })
    func theCallersSinkGetsEveryTensorInOrder(_ entry: Fixtures.Entry) throws {
        let sink = RecordingSink()
        let options = KerasImportOptions(tensorSink: sink)
        let model = if let spec = try entry.architecture() {
            try KerasImporter.importWeights(at: entry.url, architecture: spec, options: options)
        } else {
            try KerasImporter.importModel(at: entry.url, options: options)
        }
        let (storages, ends) = sink.record.withLock { ($0.storages, $0.ends) }
        #expect(storages.count == model.tensors.count, "\(entry.id)")
        #expect(zip(storages, model.tensors).allSatisfy { $0 === $1.storage }, "\(entry.id)")
        #expect(ends == [storages.count], "\(entry.id)")
        // Told once, from the digest thread, that it may start (perhaps after the import returned).
        var starts = 0
        for _ in 0..<10_000 where starts == 0 {
            starts = sink.record.withLock { $0.starts }
            if starts == 0 { usleep(1000) }
        }
        #expect(starts == 1, "\(entry.id)")
    }

    @Test(arguments: Fixtures.keras)
    func theFileKindIsRecognisedFromTheContent(_ entry: Fixtures.Entry) throws {
        #expect(try KerasFileKind.detect(at: entry.url).rawValue == entry.kind)
    }

    @Test(arguments: Fixtures.keras)
    func everyFixtureImportsAndValidates(_ entry: Fixtures.Entry) throws {
        let model = try Fixtures.model(entry)
        try model.validate()
        #expect(model.inputs.count == 1 && model.outputs.count == 1)
        #expect(model.inputs[0].shape.first == -1)
    }

    @Test(arguments: Fixtures.keras)
    func parameterCountEqualsKerasCountParams(_ entry: Fixtures.Entry) throws {
        let model = try Fixtures.model(entry)
        #expect(model.tensors.reduce(0) { $0 + $1.elementCount } == entry.countParams)
    }

    @Test(arguments: Fixtures.keras)
    func shapeInferenceGivesTheExpectedOutputShape(_ entry: Fixtures.Entry) throws {
        let model = try Fixtures.model(entry)
        let shapes = try model.inferShapes(inputShapes: [model.inputs[0].name: try #require(entry.inputShape)])
        #expect(shapes[model.outputs[0].name] == entry.expectedShape)
    }

    @Test(arguments: Fixtures.keras)
    func provenanceRecordsKindFileAndHash(_ entry: Fixtures.Entry) throws {
        let model = try Fixtures.model(entry)
        #expect(model.provenance.sourceFormat == entry.kind)
        #expect(model.provenance.sourceFile == entry.url.lastPathComponent)
        if entry.kind != "keras_v3" {  // .keras archives hash differently on every save (date_saved)
            #expect(model.provenance.sourceSHA256 == entry.sha256)
        }
        #expect(model.provenance.sourceSHA256.count == 64)
    }

    @Test(arguments: Fixtures.keras.filter { $0.kind != "keras_weights_h5" })
    func frameworkVersionComesFromTheFile(_ entry: Fixtures.Entry) throws {
        let model = try Fixtures.model(entry)
        #expect(model.provenance.frameworkVersion == "\(try #require(entry.framework)) \(try #require(entry.frameworkVersion))")
    }

    @Test(arguments: Fixtures.keras)
    func float16DatasetsStayFloat16AndFloat32StaysFloat32(_ entry: Fixtures.Entry) throws {
        let model = try Fixtures.model(entry)
        let expected: DType = entry.weightsDtype == "float16" ? .float16 : .float32
        #expect(model.tensors.allSatisfy { $0.dtype == expected })
    }

    @Test(arguments: Fixtures.keras)
    func tensorsAreNamedLayerSlashVariable(_ entry: Fixtures.Entry) throws {
        let model = try Fixtures.model(entry)
        let variables: Set<String> = ["kernel", "depthwise_kernel", "bias", "gamma", "beta", "moving_mean", "moving_variance"]
        for node in model.nodes {
            for tensorName in node.weights.values {
                #expect(tensorName.hasPrefix(node.name + "/"))
                #expect(variables.contains(String(tensorName.dropFirst(node.name.count + 1))))
            }
        }
    }
}

/// Records what an importer gives a `TensorSink`: the storages, how many it had each time it was
/// told that all were given, and how often it was told to start.
private final class RecordingSink: TensorSink {
    let record = Mutex<(storages: [ByteStorage], ends: [Int], starts: Int)>(([], [], 0))

    func accept(_ storages: [ByteStorage]) {
        record.withLock { $0.storages += storages }
    }

    func startWorking() {
        record.withLock { $0.starts += 1 }
    }

    func acceptedAll() {
        record.withLock { $0.ends.append($0.storages.count) }
    }
}
