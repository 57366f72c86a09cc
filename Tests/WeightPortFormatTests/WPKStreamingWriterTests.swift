import Foundation
import Testing
import WeightPortFormat

/// `WPKStreamingWriter` writes the bytes `WPKWriter` writes, whichever way it gets there: the
/// tensors appended early and the header inserted in front, the rest added later, or the file
/// written again when the tensors given are not the model's.
@Suite struct WPKStreamingWriterTests {
    /// Writes `model` through a streaming writer whose sink `give` feeds; returns the file's bytes.
    func streamed(_ model: Model, in directory: URL, give: (any TensorSink) -> Void) throws -> [UInt8] {
        let url = directory.appendingPathComponent("streamed.wpk")
        let (returned, size) = try WPKStreamingWriter.write(to: url) { sink in
            give(sink)
            return model
        }
        let bytes = Array(try Data(contentsOf: url))
        #expect(size == bytes.count)
        #expect(returned.tensors.map(\.name) == model.tensors.map(\.name))
        return bytes
    }

    @Test func tensorsGivenBeforeTheModelIsCompleteGiveTheWriterBytes() throws {
        let directory = try TemporaryDirectory()
        let model = try TinyModel.make(reference: false)
        let bytes = try streamed(model, in: directory.url) { sink in
            sink.accept(Array(model.tensors.prefix(3).map(\.storage)))
            sink.accept(Array(model.tensors.dropFirst(3).map(\.storage)))
            sink.acceptedAll()
        }
        #expect(bytes == (try WPKWriter.encode(model)))
        #expect(try directory.contents() == ["streamed.wpk"])
    }

    /// Started before the tensors come (an importer's digest thread is done hashing), the thread
    /// appends them as they come.
    @Test func tensorsGivenAfterTheWriterStartedAreAppendedAsTheyCome() throws {
        let directory = try TemporaryDirectory()
        let model = try TinyModel.wide()
        let bytes = try streamed(model, in: directory.url) { sink in
            sink.startWorking()
            sink.accept([model.tensors[0].storage])
            usleep(2000)
            sink.accept([model.tensors[1].storage])
            sink.startWorking()
            sink.acceptedAll()
        }
        #expect(bytes == (try WPKWriter.encode(model)))
    }

    /// Reference vectors, attached after the import gave the weights, are written after them.
    @Test func tensorsNotGivenAreWrittenAfterThoseGiven() throws {
        let directory = try TemporaryDirectory()
        let model = try TinyModel.make(reference: true)
        let bytes = try streamed(model, in: directory.url) { sink in
            sink.accept(model.tensors.map(\.storage))
            sink.acceptedAll()
        }
        #expect(bytes == (try WPKWriter.encode(model)))
    }

    @Test func tensorsGivenOutOfOrderAreWrittenAgain() throws {
        let directory = try TemporaryDirectory()
        let model = try TinyModel.make()
        let bytes = try streamed(model, in: directory.url) { sink in
            sink.accept(model.tensors.reversed().map(\.storage))
            sink.acceptedAll()
        }
        #expect(bytes == (try WPKWriter.encode(model)))
    }

    @Test func aModelWhoseTensorsWereNotGivenIsWrittenWhole() throws {
        let directory = try TemporaryDirectory()
        let model = try TinyModel.make()
        #expect(try streamed(model, in: directory.url) { _ in } == (try WPKWriter.encode(model)))
        // Given, but never told that all were: nothing was appended early.
        #expect(try streamed(model, in: directory.url) { $0.accept(model.tensors.map(\.storage)) } == (try WPKWriter.encode(model)))
        // Started and given, never told that all were: what was given is appended, the rest after.
        let started = try streamed(model, in: directory.url) { sink in
            sink.startWorking()
            sink.accept(model.tensors.prefix(4).map(\.storage))
        }
        #expect(started == (try WPKWriter.encode(model)))
    }

    /// A data section of several writeback steps, a tensor spanning more than one.
    @Test func largeTensorsGivenEarlyGiveTheWriterBytes() throws {
        let model = try TinyModel.wide()
        let directory = try TemporaryDirectory()
        let bytes = try streamed(model, in: directory.url) { sink in
            sink.accept(model.tensors.map(\.storage))
            sink.acceptedAll()
        }
        #expect(bytes == (try WPKWriter.encode(model)))
    }

    /// tmpfs cannot insert a range: the file is then written again from the start.
    @Test(.enabled(if: FileManager.default.isWritableFile(atPath: "/dev/shm")))
    func aFileSystemThatCannotInsertGetsTheWholeFileWritten() throws {
        let directory = URL(fileURLWithPath: "/dev/shm").appendingPathComponent("weightport-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = try TinyModel.make()
        let bytes = try streamed(model, in: directory) { sink in
            sink.accept(model.tensors.map(\.storage))
            sink.acceptedAll()
        }
        #expect(bytes == (try WPKWriter.encode(model)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["streamed.wpk"])
    }

    /// A failure after the tensors went to the temporary file removes it; the target is untouched.
    @Test func aFailedModelLeavesTheExistingFileAndNoTemporaryFile() throws {
        struct ImportFailed: Error {}
        let directory = try TemporaryDirectory()
        let url = directory.url.appendingPathComponent("target.wpk")
        let previous = Array("an existing file that must survive".utf8)
        try Data(previous).write(to: url)
        let model = try TinyModel.make()
        #expect(throws: ImportFailed.self) {
            _ = try WPKStreamingWriter.write(to: url) { sink in
                sink.accept(model.tensors.map(\.storage))
                sink.acceptedAll()
                throw ImportFailed()
            }
        }
        // Started, never told that all were given: the thread ends, the file goes.
        #expect(throws: ImportFailed.self) {
            _ = try WPKStreamingWriter.write(to: url) { sink in
                sink.startWorking()
                sink.accept(model.tensors.prefix(2).map(\.storage))
                throw ImportFailed()
            }
        }
        var invalid = model
        invalid.nodes[2].inputs = ["nowhere"]
        #expect(throws: FormatError.undefinedReference(node: "relu", name: "nowhere")) {
            _ = try WPKStreamingWriter.write(to: url) { sink in
                sink.accept(invalid.tensors.map(\.storage))
                sink.acceptedAll()
                return invalid
            }
        }
        #expect(Array(try Data(contentsOf: url)) == previous)
        #expect(try directory.contents() == ["target.wpk"])
    }

    @Test func aMissingDirectoryFailsBeforeTheModelIsMade() throws {
        let directory = try TemporaryDirectory()
        let url = directory.url.appendingPathComponent("no/such/dir/model.wpk")
        var made = false
        #expect { _ = try WPKStreamingWriter.write(to: url) { _ in made = true; return try TinyModel.make() } } throws: { error in
            guard case let FormatError.io(file, reason) = error else { return false }
            return file == url.path && reason.contains("cannot create: No such file or directory")
        }
        #expect(!made)
    }
}
