import Foundation
import Testing
import WeightPortFormat

@Suite struct WPKRoundTripTests {
    func expectSameBytes(_ a: Tensor, _ b: Tensor) {
        #expect(a.name == b.name)
        #expect(a.dtype == b.dtype)
        #expect(a.shape == b.shape)
        #expect(a.layout == b.layout)
        #expect(a.storage.bytes.elementsEqual(b.storage.bytes), "tensor '\(a.name)' bytes differ")
    }

    @Test(arguments: [WPKFile.Access.mmap, .read])
    func writeThenReadIsBitExact(access: WPKFile.Access) throws {
        let model = try TinyModel.make()
        let directory = try TemporaryDirectory()
        let url = directory.url.appendingPathComponent("tiny.wpk")
        try WPKWriter.write(model, to: url)
        let file = try WPKFile(contentsOf: url, access: access)
        #expect(file.formatVersion == WPKVersion(major: 1, minor: 0))
        #expect(file.fileSize == (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int))
        let read = file.model
        #expect(read.name == model.name)
        #expect(read.inputs == model.inputs)
        #expect(read.outputs == model.outputs)
        #expect(read.nodes == model.nodes)
        #expect(read.provenance == model.provenance)
        #expect(read.tensors.count == model.tensors.count)
        for (a, b) in zip(read.tensors, model.tensors) { expectSameBytes(a, b) }
        let reference = try #require(read.reference)
        let original = try #require(model.reference)
        expectSameBytes(reference.inputs, original.inputs)
        expectSameBytes(reference.expected, original.expected)
        #expect(reference.atol == original.atol)
        #expect(reference.rtol == original.rtol)
        #expect(file.verify().isEmpty)
    }

    @Test func modelWithoutReferenceReadsWithoutReference() throws {
        let file = try WPKFile(bytes: try WPKWriter.encode(TinyModel.make(reference: false)))
        #expect(file.model.reference == nil)
        #expect(file.verify().isEmpty)
    }

    @Test(arguments: [WPKFile.Access.mmap, .read])
    func tensorsAre64ByteAlignedInAPageAlignedDataSection(access: WPKFile.Access) throws {
        let directory = try TemporaryDirectory()
        let url = directory.url.appendingPathComponent("tiny.wpk")
        try WPKWriter.write(TinyModel.make(), to: url)
        let bytes = Array(try Data(contentsOf: url))
        let dataOffset = WPKSurgery.read(UInt64.self, bytes, at: 32)
        #expect(dataOffset % 4096 == 0)
        let file = try WPKFile(contentsOf: url, access: access)
        let reference = try #require(file.model.reference)
        for tensor in file.model.tensors + [reference.inputs, reference.expected] {
            #expect(Int(bitPattern: tensor.storage.baseAddress) % 64 == 0, "tensor '\(tensor.name)' is not 64-byte aligned")
        }
    }

    @Test func tensorsAreViewsOfTheFileNotCopies() throws {
        let file = try WPKFile(bytes: try WPKWriter.encode(TinyModel.make()))
        let tensors = file.model.tensors
        for (a, b) in zip(tensors, tensors.dropFirst()) {
            #expect(a.storage.baseAddress < b.storage.baseAddress)
            #expect(b.storage.baseAddress - a.storage.baseAddress < 64 + a.storage.count)
        }
    }

    @Test func tensorChecksumsAreTheXXH64OfEachTensorsBytes() throws {
        let file = try WPKFile(bytes: try WPKWriter.encode(TinyModel.make()))
        for tensor in file.model.tensors {
            #expect(file.tensorChecksums[tensor.name] == XXH64.hex(XXH64.hash(tensor.storage.bytes)))
        }
    }

    @Test func writerOutputIsDeterministic() throws {
        let directory = try TemporaryDirectory()
        let url = directory.url.appendingPathComponent("tiny.wpk")
        try WPKWriter.write(TinyModel.make(), to: url)
        let encoded = try WPKWriter.encode(TinyModel.make())
        #expect(Array(try Data(contentsOf: url)) == encoded)
        #expect(try WPKWriter.encode(TinyModel.make()) == encoded)
    }

    @Test func manifestKeysAreSortedSnakeCase() throws {
        let surgery = try WPKSurgery(try WPKWriter.encode(TinyModel.make()))
        #expect(surgery.manifest.keys.sorted() == ["format_version", "model", "provenance", "reference", "tensors"])
        #expect(surgery.manifest["format_version"] as? String == "1.0")
    }
}
