import CHDF5

/// Process-wide libhdf5 set-up and error conversion shared by the HDF5 wrapper types.
enum HDF5Library {
    /// Sets libhdf5 up for the calling thread; call before using it there. Once per process,
    /// before any other libhdf5 call: no clean-up at exit (`H5dont_atexit`: its free-list garbage
    /// collection cost ~1.5 ms at every exit, and the process's end frees the memory anyway;
    /// files are only read and are closed by their owners). On every call: no automatic printing
    /// of error stacks on this thread (libhdf5 keeps that setting per thread; the wrappers report
    /// errors, and a failed open is how a missing object is told). O(1).
    static func prepareThread() {
        processSetUp
        wp_silence_errors()
    }

    private static let processSetUp: Void = { H5dont_atexit() }()

    /// libhdf5's messages for the failure that just happened on this thread, innermost first.
    static func currentErrorMessage() -> String {
        var buffer = [CChar](repeating: 0, count: 1024)
        let message = buffer.withUnsafeMutableBufferPointer { pointer -> String in
            guard let base = pointer.baseAddress else { return "" }
            wp_current_error(base, pointer.count)
            return String(cString: base)
        }
        return message.isEmpty ? "unknown libhdf5 error" : message
    }

    /// Returns `value` when it is non-negative (a valid handle, a success status, a size), else
    /// throws `KerasImportError.hdf5` for `object` with libhdf5's message.
    @discardableResult
    static func check<Value: BinaryInteger>(_ value: Value, file: String, object: String) throws -> Value {
        guard value >= 0 else { throw KerasImportError.hdf5(file: file, object: object, reason: currentErrorMessage()) }
        return value
    }
}
