import Foundation
import Testing
import WeightPortFormat

@Suite struct WPKWriterTests {
    let previous = Array("an existing file that must survive".utf8)

    /// A directory holding `target.wpk` with `previous` as its contents.
    func directoryWithExistingTarget() throws -> (TemporaryDirectory, URL) {
        let directory = try TemporaryDirectory()
        let url = directory.url.appendingPathComponent("target.wpk")
        try Data(previous).write(to: url)
        return (directory, url)
    }

    @Test func invalidModelLeavesTheExistingFileByteIdentical() throws {
        let (directory, url) = try directoryWithExistingTarget()
        let valid = try TinyModel.make()
        var broken = valid
        broken.nodes[2].inputs = ["nowhere"]
        #expect(throws: FormatError.undefinedReference(node: "relu", name: "nowhere")) { try WPKWriter.write(broken, to: url) }
        #expect(Array(try Data(contentsOf: url)) == previous)
        #expect(try directory.contents() == ["target.wpk"])
    }

    @Test func unencodableAttributeLeavesTheExistingFileByteIdentical() throws {
        let (directory, url) = try directoryWithExistingTarget()
        var model = try TinyModel.make()
        model.nodes[2].op = .activation(.clip(min: 0, max: .infinity))
        #expect { try WPKWriter.write(model, to: url) } throws: { error in
            guard case let FormatError.invalidModel(reason) = error else { return false }
            return reason.contains("manifest")
        }
        #expect(Array(try Data(contentsOf: url)) == previous)
        #expect(try directory.contents() == ["target.wpk"])
    }

    @Test func failedRenameRemovesTheFullyWrittenTemporaryFile() throws {
        let directory = try TemporaryDirectory()
        let target = directory.url.appendingPathComponent("target.wpk")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        try Data(previous).write(to: target.appendingPathComponent("inside"))
        #expect { try WPKWriter.write(TinyModel.make(), to: target) } throws: { error in
            guard case let FormatError.io(file, reason) = error else { return false }
            return file == target.path && reason.contains("rename")
        }
        #expect(try directory.contents() == ["target.wpk"])
        #expect(Array(try Data(contentsOf: target.appendingPathComponent("inside"))) == previous)
    }

    @Test func missingDirectoryIsAnIOError() throws {
        let directory = try TemporaryDirectory()
        let url = directory.url.appendingPathComponent("no/such/dir/model.wpk")
        #expect { try WPKWriter.write(TinyModel.make(), to: url) } throws: { error in
            guard case let FormatError.io(file, reason) = error else { return false }
            return file == url.path && reason.contains("cannot create: No such file or directory")
        }
    }

    @Test func writeReplacesAnExistingFileWhole() throws {
        let (directory, url) = try directoryWithExistingTarget()
        try WPKWriter.write(TinyModel.make(), to: url)
        #expect(Array(try Data(contentsOf: url)) == (try WPKWriter.encode(TinyModel.make())))
        #expect(try directory.contents() == ["target.wpk"])
    }

    /// Writes go out in pieces with writeback requests between them (`AtomicFile.writebackStep`):
    /// a file of several steps, with a tensor spanning more than one, still holds exactly the
    /// encoded bytes, and `write` returns their count.
    @Test func fileOfSeveralWritebackStepsHoldsTheEncodedBytes() throws {
        let model = try TinyModel.wide()
        let directory = try TemporaryDirectory()
        let url = directory.url.appendingPathComponent("wide.wpk")
        let size = try WPKWriter.write(model, to: url)
        let expected = try WPKWriter.encode(model)
        #expect(size == expected.count)
        #expect(size > 2 * (2 << 20))
        #expect(Array(try Data(contentsOf: url)) == expected)
    }

    @Test func modelWithoutTensorsHasAnEmptyDataSection() throws {
        let model = try Model(name: "identity", inputs: [ValueInfo(name: "x", shape: [-1, 2], sourceLayout: .plain)],
                              outputs: [ValueInfo(name: "y", shape: [-1, 2], sourceLayout: .plain)],
                              nodes: [Node(name: "id", op: .identity, inputs: ["x"], outputs: ["y"])], tensors: [],
                              provenance: TinyModel.make().provenance)
        let bytes = try WPKWriter.encode(model)
        #expect(bytes.count == 4096)
        let file = try WPKFile(bytes: bytes)
        #expect(file.model.nodes == model.nodes)
        #expect(file.verify().isEmpty)
    }
}
