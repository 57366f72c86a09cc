import Foundation
import Synchronization

/// Writes a WPK file whose tensors are known before the rest of the model: their bytes go to disk
/// on a thread of its own while the caller finishes the model, instead of after it.
///
/// An importer hands it each tensor's storage as it reads it (`accept`, a `TensorSink`). Once a
/// core is free (`startWorking`: the importer's digest thread has hashed the source) or all are
/// given (`acceptedAll`), a thread appends them to a temporary file beside the target, laid out as
/// the data section (64-byte aligned, in model order), the rest as they come, while the caller's
/// thread completes the model and encodes its manifest. `write(to:_:)` then writes what is missing
/// (tensors it was not given, such as reference vectors), puts the header and manifest in front of
/// the data without rewriting it (`fallocate`'s `FALLOC_FL_INSERT_RANGE`, on Linux's ext4 and XFS)
/// and publishes the file as `WPKWriter.write` does: the same bytes, written atomically. Where the
/// file system cannot insert, or the model's tensors are not the ones given, in that order, the
/// file is written again from the start, as `WPKWriter.write` writes it.
public final class WPKStreamingWriter: TensorSink, @unchecked Sendable {
    private let output: AtomicFile
    /// The storages given, for the appending thread.
    private let given = HandOffQueue<ByteStorage>()
    /// Whether the appending thread was started and nobody has waited for it yet, and whether
    /// `finish` or a failure has closed the writer (no thread starts after that).
    private let state = Mutex<(isAppending: Bool, isClosed: Bool)>((false, false))
    private let appended = DispatchSemaphore(value: 0)
    /// Written by the appending thread, read after `appended`: each storage with its offset in
    /// the data section, and the first write error.
    private var offsets: [(storage: ByteStorage, offset: Int)] = []
    private var failure: (any Error)?

    private init(replacing url: URL) throws {
        output = try AtomicFile(replacing: url)
    }

    /// Writes the model `makeModel` returns to `url` atomically, its tensors going to disk while
    /// `makeModel` still works, from the moment the sink it is passed (an importer's `tensorSink`)
    /// is told to start or that it has them all; a model whose tensors were not given is written
    /// as `WPKWriter.write` writes it. The temporary file beside `url` is created first; whatever
    /// fails (`makeModel` too), it is removed before this returns and an existing file at `url` is
    /// left untouched.
    /// - Returns: the model and the size of the file written, in bytes.
    /// - Throws: `FormatError.io` naming `url` when the temporary file cannot be created or
    ///   written; what `makeModel` throws; as `WPKWriter.write`.
    public static func write(to url: URL, _ makeModel: (_ sink: any TensorSink) throws -> Model) throws -> (model: Model, size: Int) {
        let writer = try WPKStreamingWriter(replacing: url)
        do {
            let model = try makeModel(writer)
            return (model, try writer.finish(model))
        } catch {
            writer.waitForAppending()
            writer.output.discard()
            throw error
        }
    }

    /// Keeps `storages` for the data section, after those given before; the appending thread, if
    /// started, takes them. O(count).
    public func accept(_ storages: [ByteStorage]) {
        given.enqueue(storages)
    }

    /// Starts the thread that appends the storages given, and those to come, to the file. O(1)
    /// for the caller.
    public func startWorking() {
        let start = state.withLock { state in
            guard !state.isAppending, !state.isClosed else { return false }
            state.isAppending = true
            return true
        }
        guard start else { return }
        Thread.detachNewThread { [self] in
            appendGiven()
            appended.signal()
        }
    }

    /// Starts the appending thread if it is not running yet; it ends once it has appended every
    /// storage given. O(1) for the caller.
    public func acceptedAll() {
        startWorking()
        given.close()
    }

    /// Completes the file for `model` and publishes it at the target.
    private func finish(_ model: Model) throws -> Int {
        // The manifest is encoded while the thread appends (on failure, `write` waits for it).
        let plan = try WPKWriter.Plan(model)
        waitForAppending()
        if let failure { throw failure }
        let given = offsets.count
        let isPrefix = given <= plan.blocks.count
            && zip(offsets, plan.blocks).allSatisfy { $0.storage === $1.storage && $0.offset == $1.offset }
        if given > 0, isPrefix {
            try plan.emitData(from: given) { try output.append($0) }
            if try plan.prefix.withUnsafeBytes({ try output.insertAtStart($0) }) {
                try output.publish()
                return plan.fileSize
            }
        }
        try output.restart()
        try plan.emit { try output.append($0) }
        try output.publish()
        return plan.fileSize
    }

    /// Takes no more storages and waits for the appending thread, if it was started, to append
    /// those given (the first call: later ones return at once).
    private func waitForAppending() {
        let mustWait = state.withLock { state in
            defer { state = (isAppending: false, isClosed: true) }
            return state.isAppending
        }
        given.close()
        if mustWait { appended.wait() }
    }

    /// The thread's work: appends each storage given after the previous one until the queue is
    /// closed; after a write error it only takes the rest.
    private func appendGiven() {
        var end = 0
        given.consume { storage in
            guard failure == nil else { return }
            do {
                let offset = try WPKWriter.Plan.emit(storage, after: end) { try output.append($0) }
                offsets.append((storage, offset))
                end = offset + storage.count
            } catch {
                failure = error
            }
        }
    }
}
