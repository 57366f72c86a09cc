import Foundation
import Testing
import WeightPortDigest
import WeightPortFormat

/// SHA-256 against the FIPS 180 examples and against digests computed independently with
/// Python's `hashlib`, in memory, from a file (empty, and mapped) and on a background thread.
@Suite struct SourceDigestTests {
    /// `count` bytes `i % 251`.
    static func pattern(_ count: Int) -> [UInt8] { (0..<count).map { UInt8($0 % 251) } }

    static func digest(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { SourceDigest.sha256Hex(of: $0) }
    }

    /// A new temporary file holding `bytes`; the caller removes it.
    static func file(_ bytes: [UInt8]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("weightport-digest-\(UUID().uuidString).bin")
        try Data(bytes).write(to: url)
        return url
    }

    @Test func matchesFIPS180Examples() {
        #expect(Self.digest([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Self.digest(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Self.digest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func emptyFileMatchesFIPS180() throws {
        let url = try Self.file([])
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try SourceDigest.sha256Hex(ofFileAt: url) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func fileOfAMillionAsMatchesFIPS180() throws {
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        let url = try Self.file(million)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try SourceDigest.sha256Hex(ofFileAt: url) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func fileOfOddLengthMatchesHashlib() throws {
        let bytes = Self.pattern(1 << 20 + 17)
        let expected = "f4bf9b8dec6e3e28b2ec33266145d244fe97a6bce1ec054ace053bab67d2ef9a"
        #expect(Self.digest(bytes) == expected)
        let url = try Self.file(bytes)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try SourceDigest.sha256Hex(ofFileAt: url) == expected)
    }

    /// Polls `condition` every millisecond for up to ten seconds; whether it became true.
    static func eventually(_ condition: () -> Bool) -> Bool {
        for _ in 0..<10_000 {
            if condition() { return true }
            usleep(1000)
        }
        return condition()
    }

    @Test func backgroundDigestComputesQueuedChecksumsUntilTheEnd() throws {
        let url = try Self.file(Self.pattern(1 << 20))
        defer { try? FileManager.default.removeItem(at: url) }
        let digest = BackgroundFileDigest(ofFileAt: url)
        let contents = [Self.pattern(5), Self.pattern(70_000), Self.pattern(1 << 20)]
        let storages = contents.map { bytes in bytes.withUnsafeBytes { ByteStorage(copying: $0) } }
        digest.accept(Array(storages.prefix(2)))
        digest.accept(Array(storages.suffix(1)))
        digest.endChecksums()
        #expect(Self.eventually { storages.allSatisfy(\.checksumIsKnown) })
        for (storage, bytes) in zip(storages, contents) { #expect(storage.checksum == XXH64.hash(bytes)) }
        // Queued after the end: left to whoever asks for it.
        let late = Self.pattern(64).withUnsafeBytes { ByteStorage(copying: $0) }
        digest.accept([late])
        digest.endChecksums()
        usleep(50_000)
        #expect(!late.checksumIsKnown)
        #expect(try digest.hexDigest() == Self.digest(Self.pattern(1 << 20)))
    }

    @Test func backgroundDigestEqualsTheFileDigestAndCanBeAskedTwice() throws {
        let url = try Self.file(Self.pattern(3 << 20))
        defer { try? FileManager.default.removeItem(at: url) }
        let digest = BackgroundFileDigest(ofFileAt: url)
        let expected = "a1feacf0d812ba4d0b0e463ed45bbd583cea1de55c54693116754b30b5794745"
        #expect(try digest.hexDigest() == expected)
        #expect(try digest.hexDigest() == expected)
        // From the caller's mapping of the file instead of a mapping of its own.
        #expect(try BackgroundFileDigest(ofFileAt: url, mapping: MappedFile(contentsOf: url)).hexDigest() == expected)
    }

    @Test func missingFileIsAnIOError() {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("weightport-missing-\(UUID().uuidString)")
        #expect(throws: FormatError.self) { try SourceDigest.sha256Hex(ofFileAt: missing) }
        #expect(throws: FormatError.self) { try BackgroundFileDigest(ofFileAt: missing).hexDigest() }
    }
}
