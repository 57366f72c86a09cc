import Foundation

extension ByteStorage {
    /// Reads the whole file at `url` into new owned, 64-byte-aligned memory. O(file size).
    /// - Throws: `FormatError.io` naming the file when it cannot be opened or read, or is not a
    ///   regular file.
    public convenience init(contentsOf url: URL) throws {
        let file = try SystemFile(reading: url.path)
        try self.init(count: try file.size()) { try file.readExactly(into: $0) }
    }
}
