/// Takes a model's tensors while an importer is still reading the rest, to work on them early on
/// a thread of its own: their checksums (`BackgroundFileDigest`), their place in the output file
/// (`WPKStreamingWriter`).
public protocol TensorSink: AnyObject, Sendable {
    /// Takes the storages of the next tensors of the model, in the model's order. O(count) for
    /// the caller, who goes on at once.
    func accept(_ storages: [ByteStorage])

    /// Told, once, that every tensor of the model has been given (an import that fails does not
    /// say it). O(1) for the caller.
    func acceptedAll()
}
