import Foundation
import Testing
import WeightPortFormat

/// `FileChunks` hands over every byte of a file, in order, in full chunks but the last.
@Suite struct FileChunksTests {
    /// The chunk sizes `FileChunks` produced for a file of `byteCount` bytes, and whether they
    /// concatenate to the file.
    static func chunks(ofFileWith byteCount: Int, chunkSize: Int) throws -> (sizes: [Int], intact: Bool) {
        let directory = try TemporaryDirectory()
        let url = directory.url.appendingPathComponent("source.bin")
        let bytes = (0..<byteCount).map { UInt8($0 % 251) }
        try Data(bytes).write(to: url)
        var sizes: [Int] = []
        var seen: [UInt8] = []
        try FileChunks.forEach(inFileAt: url, chunkSize: chunkSize) { chunk in
            sizes.append(chunk.count)
            seen.append(contentsOf: chunk)
        }
        return (sizes, seen == bytes)
    }

    @Test func chunksAreFullButTheLastAndConcatenateToTheFile() throws {
        let result = try Self.chunks(ofFileWith: 2500, chunkSize: 1000)
        #expect(result.sizes == [1000, 1000, 500])
        #expect(result.intact)
    }

    @Test func aFileOfWholeChunksEndsWithoutAnEmptyChunk() throws {
        #expect(try Self.chunks(ofFileWith: 2000, chunkSize: 1000).sizes == [1000, 1000])
        #expect(try Self.chunks(ofFileWith: 0, chunkSize: 1000).sizes == [])
    }

    @Test func aMissingFileIsAnIOErrorNamingIt() throws {
        let directory = try TemporaryDirectory()
        let missing = directory.url.appendingPathComponent("missing.h5")
        #expect {
            try FileChunks.forEach(inFileAt: missing) { _ in }
        } throws: { error in
            guard case let FormatError.io(file, _) = error else { return false }
            return file == missing.path
        }
    }
}
