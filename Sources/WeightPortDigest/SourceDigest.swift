import Crypto
import Foundation
import WeightPortFormat

/// The SHA-256 (FIPS 180-4) recorded as a source file's `source_sha256` in the provenance,
/// computed by swift-crypto (BoringSSL on Linux, with its SHA-extension and AVX2 paths).
public enum SourceDigest {
    /// The lowercase hex SHA-256 of `bytes`. O(n).
    public static func sha256Hex(of bytes: UnsafeRawBufferPointer) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// The lowercase hex SHA-256 of the file at `url`, read in 1 MiB chunks (bounded memory).
    /// O(file size).
    /// - Throws: `FormatError.io` naming the file when it cannot be opened or read.
    public static func sha256Hex(ofFileAt url: URL) throws -> String {
        var hasher = SHA256()
        try FileChunks.forEach(inFileAt: url) { hasher.update(bufferPointer: $0) }
        return hex(hasher.finalize())
    }

    /// Two lowercase hex digits per byte, most significant first.
    private static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { String($0 >> 4, radix: 16) + String($0 & 0xF, radix: 16) }.joined()
    }
}
