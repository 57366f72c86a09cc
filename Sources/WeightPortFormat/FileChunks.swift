import Foundation

/// Reads a file front to back through one reused buffer, for streaming consumers such as a hash.
public enum FileChunks {
    /// Calls `body` with each successive chunk of the file at `url` (at most `chunkSize` bytes,
    /// only the last one shorter), in order, until the end of the file; not at all for an empty
    /// file. A chunk is valid only during its call. O(file size) time, O(`chunkSize`) memory.
    /// - Throws: `FormatError.io` naming the file when it cannot be opened or read, or whatever
    ///   `body` throws.
    public static func forEach(inFileAt url: URL, chunkSize: Int = 1 << 20,
                               _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        precondition(chunkSize > 0, "chunkSize must be positive")
        let file = try SystemFile(reading: url.path)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            var filled = 0
            while filled < chunkSize {
                let count = try file.readChunk(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
                if count == 0 { break }
                filled += count
            }
            if filled > 0 { try body(UnsafeRawBufferPointer(rebasing: buffer[0..<filled])) }
            if filled < chunkSize { return }
        }
    }
}
