import Foundation
import Testing
@testable import WeightPortFormat

/// `WPKManifest.encoded()` writes the manifest with `SortedJSONEncoder`: the result must be
/// exactly what `JSONEncoder` writes for the whole manifest.
@Suite struct ManifestEncodingTests {
    static func manifest(_ model: Model) -> WPKManifest {
        var end = 0
        var entries: [WPKTensorEntry] = []
        for tensor in model.tensors + (model.reference.map { [$0.inputs, $0.expected] } ?? []) {
            entries.append(WPKTensorEntry(tensor, offset: end, checksum: XXH64.hash(tensor.storage.bytes)))
            end = (end + tensor.storage.count).roundedUp(toMultipleOf: 64)
        }
        let weights = model.tensors.count
        return WPKManifest(
            formatVersion: WPKVersion.current.description,
            model: WPKGraph(name: model.name, inputs: model.inputs, outputs: model.outputs, nodes: model.nodes),
            tensors: Array(entries.prefix(weights)), provenance: model.provenance,
            reference: model.reference.map { WPKReferenceEntry(inputs: entries[weights], expected: entries[weights + 1], atol: $0.atol, rtol: $0.rtol) })
    }

    static func wholeEncoding(_ manifest: WPKManifest) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(manifest))
    }

    @Test(arguments: [true, false])
    func manifestEqualsJSONEncodersEncoding(reference: Bool) throws {
        var model = try TinyModel.make(reference: reference)
        model.name = "tiny \"net\" / ü \u{1}"
        let manifest = Self.manifest(model)
        #expect(try manifest.encoded() == Self.wholeEncoding(manifest))
    }

    /// The frozen golden file is still what the writer writes for the same model.
    @Test func writerReproducesTheGoldenFile() throws {
        #expect(try WPKWriter.encode(TinyModel.make()) == Array(try Data(contentsOf: GoldenFileTests.url)))
    }

    @Test func nonFiniteAttributeIsAnInvalidModel() throws {
        var model = try TinyModel.make()
        model.nodes[1].op = .batchNorm(epsilon: .nan)
        #expect {
            _ = try Self.manifest(model).encoded()
        } throws: { error in
            guard case let FormatError.invalidModel(reason) = error else { return false }
            return reason.hasPrefix("cannot write the manifest")
        }
    }
}
