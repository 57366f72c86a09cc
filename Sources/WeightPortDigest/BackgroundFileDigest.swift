import Foundation
import WeightPortFormat

/// The SHA-256 of a file, computed on a thread of its own so that it overlaps the caller's work
/// (an importer parsing the same file): `init` starts it, `hexDigest()` waits for the result.
///
/// The thread then stays for the importer's tensors: storages handed to `accept` (it is a
/// `TensorSink`) get their `ByteStorage.checksum` computed there, in the order given, until
/// `endChecksums()` and the last one given, so that a writer later finds the checksums known
/// instead of computing them on the critical path. Every importer of a file must call
/// `endChecksums()` (on success or failure), or the thread waits for more.
public final class BackgroundFileDigest: TensorSink, @unchecked Sendable {
    private let finished = DispatchSemaphore(value: 0)
    /// Written once by the hashing thread before `finished` is signalled; read only after waiting.
    private var result: Result<String, any Error> = .success("")
    /// Storages waiting for their checksum.
    private let storages = HandOffQueue<ByteStorage>()

    /// Starts hashing the file at `url` on a new thread, from `mapping` when the caller has
    /// mapped it already (one mapping of the file, its pages faulted in once for both), and calls
    /// `whenHashed` there once the hash is done (the thread then has only the checksums left, so
    /// a core is mostly free). O(1) for the caller.
    public init(ofFileAt url: URL, mapping: MappedFile? = nil, whenHashed: (@Sendable () -> Void)? = nil) {
        Thread.detachNewThread { [self] in
            result = Result {
                guard let mapping else { return try SourceDigest.sha256Hex(ofFileAt: url) }
                return SourceDigest.sha256Hex(of: UnsafeRawBufferPointer(start: mapping.baseAddress, count: mapping.count))
            }
            finished.signal()
            whenHashed?()
            storages.consume { _ = $0.checksum }
        }
    }

    /// Waits for the hash and returns its lowercase hex digest; may be called more than once.
    /// - Throws: what `SourceDigest.sha256Hex(ofFileAt:)` threw (`FormatError.io` naming the file).
    public func hexDigest() throws -> String {
        finished.wait()
        finished.signal()
        return try result.get()
    }

    /// Queues `storages` for their checksum on this object's thread, after the file's hash and the
    /// storages queued before; ignored after `endChecksums()`. O(count) for the caller.
    public func accept(_ storages: [ByteStorage]) {
        self.storages.enqueue(storages)
    }

    /// `endChecksums()`: the translator has given every tensor.
    public func acceptedAll() {
        endChecksums()
    }

    /// Tells the thread that no more storages will come: it ends once the queued ones are done.
    /// Later calls do nothing.
    public func endChecksums() {
        storages.close()
    }
}
