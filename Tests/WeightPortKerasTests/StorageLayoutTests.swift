import Foundation
import Testing
import WeightPortFormat
import WeightPortKeras

/// Whatever way libhdf5 stores a weight, the importer reads the same tensor: Keras' contiguous
/// little-endian float32 (taken as a view of the mapped file), chunked and gzip-compressed, or
/// big-endian (both read through libhdf5). Fixtures: `Fixtures/generate/make_storage_variants.py`.
@Suite struct StorageLayoutTests {
    /// name → (shape, bytes) of every tensor of a model.
    static func contents(_ file: String) throws -> [String: ([Int], [UInt8])] {
        let model = try KerasImporter.importModel(at: Fixtures.errorFile(file))
        return Dictionary(uniqueKeysWithValues: model.tensors.map { ($0.name, ($0.shape, Array($0.storage.bytes))) })
    }

    @Test(arguments: ["tiny_chunked_gzip.h5", "tiny_big_endian.h5"])
    func everyStorageLayoutGivesTheSameTensors(_ file: String) throws {
        let reference = try Self.contents("tiny_valid.h5")
        let variant = try Self.contents(file)
        #expect(reference.count == 7)
        #expect(Set(variant.keys) == Set(reference.keys))
        for (name, (shape, bytes)) in reference {
            #expect(variant[name]?.0 == shape, "\(name)")
            #expect(variant[name]?.1 == bytes, "\(name)")
        }
    }

    /// Values kept in an external raw file have no offset in the `.h5`: with that file missing the
    /// import fails in libhdf5, never taking bytes of the `.h5` itself for the weights.
    @Test func externalStorageIsReadThroughLibhdf5() {
        #expect {
            _ = try KerasImporter.importModel(at: Fixtures.errorFile("tiny_external_missing.h5"))
        } throws: { error in
            guard case let KerasImportError.hdf5(file, _, _) = error else { return false }
            return file == "tiny_external_missing.h5"
        }
    }
}
