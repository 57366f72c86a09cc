/// Takes a model's tensors while an importer is still reading the rest, to work on them early on
/// a thread of its own: their checksums (`BackgroundFileDigest`), their place in the output file
/// (`WPKStreamingWriter`).
public protocol TensorSink: AnyObject, Sendable {
    /// Takes the storages of the next tensors of the model, in the model's order. O(count) for
    /// the caller, who goes on at once.
    func accept(_ storages: [ByteStorage])

    /// Told that a core has become free (the importer's own background work is done): the sink
    /// may start working on the tensors given so far, and on the rest as they come. May come
    /// from any thread, before or after `acceptedAll`, or never. O(1) for the caller.
    func startWorking()

    /// Told, once, that every tensor of the model has been given (an import that fails does not
    /// say it). O(1) for the caller.
    func acceptedAll()
}

extension TensorSink {
    /// Nothing: a sink that starts its work at `acceptedAll`, or at once.
    public func startWorking() {}
}
