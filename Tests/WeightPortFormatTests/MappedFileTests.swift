import Foundation
import Testing
import WeightPortFormat

/// `MappedFile.withBytes` hands over exactly the file's bytes, an empty buffer for an empty file,
/// and an error naming a missing one.
@Suite struct MappedFileTests {
    /// The bytes `withBytes` gave for a file holding `bytes`.
    static func bytesSeen(inFileWith bytes: [UInt8]) throws -> [UInt8] {
        let directory = try TemporaryDirectory()
        let url = directory.url.appendingPathComponent("source.bin")
        try Data(bytes).write(to: url)
        return try MappedFile.withBytes(ofFileAt: url) { Array($0) }
    }

    @Test func bytesAreTheFilesBytes() throws {
        let bytes = (0..<10_000).map { UInt8($0 % 251) }
        #expect(try Self.bytesSeen(inFileWith: bytes) == bytes)
    }

    @Test func anEmptyFileGivesAnEmptyBuffer() throws {
        #expect(try Self.bytesSeen(inFileWith: []) == [])
    }

    @Test func aMissingFileIsAnIOErrorNamingIt() throws {
        let directory = try TemporaryDirectory()
        let missing = directory.url.appendingPathComponent("missing.h5")
        #expect {
            try MappedFile.withBytes(ofFileAt: missing) { _ in }
        } throws: { error in
            guard case let FormatError.io(file, _) = error else { return false }
            return file == missing.path
        }
    }
}
