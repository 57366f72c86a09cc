import Foundation

/// The SHA-256 of a file, computed on a thread of its own so that it overlaps the caller's work
/// (an importer parsing the same file): `init` starts it, `hexDigest()` waits for the result.
public final class BackgroundFileDigest: @unchecked Sendable {
    private let finished = DispatchSemaphore(value: 0)
    /// Written once by the hashing thread before `finished` is signalled; read only after waiting.
    private var result: Result<String, any Error> = .success("")

    /// Starts hashing the file at `url` on a new thread. O(1) for the caller.
    public init(ofFileAt url: URL) {
        Thread.detachNewThread { [self] in
            result = Result { try SourceDigest.sha256Hex(ofFileAt: url) }
            finished.signal()
        }
    }

    /// Waits for the hash and returns its lowercase hex digest; may be called more than once.
    /// - Throws: what `SourceDigest.sha256Hex(ofFileAt:)` threw (`FormatError.io` naming the file).
    public func hexDigest() throws -> String {
        finished.wait()
        finished.signal()
        return try result.get()
    }
}
