extension WPKFile {
    /// How `WPKFile(contentsOf:access:)` brings a file's bytes into memory.
    public enum Access: Sendable {
        /// Map the file read-only: opening is O(1) in its size; tensors are zero-copy views of the
        /// mapping and pages are read when first touched. The file must not be truncated while
        /// it is mapped (touching a page past its new end raises SIGBUS); `WPKWriter` never changes
        /// a file in place — it renames a new one over it — so only other tools can do that.
        case mmap
        /// Read the whole file into owned memory: O(file size) at open; tensors are zero-copy views
        /// of that memory. Better where a mapping would be copied anyway (unified memory).
        case read
    }
}
