extension WPKFile {
    /// How `WPKFile(contentsOf:access:)` brings a file's bytes into memory.
    public enum Access: Sendable {
        /// Map the file read-only: opening is O(1) in its size; tensors are zero-copy views of the
        /// mapping and pages are read when first touched.
        case mmap
        /// Read the whole file into owned memory: O(file size) at open; tensors are zero-copy views
        /// of that memory. Better where a mapping would be copied anyway (unified memory).
        case read
    }
}
