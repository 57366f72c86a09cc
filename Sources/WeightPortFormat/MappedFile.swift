import Foundation

/// A whole file mapped read-only into memory (`mmap`, `MAP_PRIVATE`), unmapped in `deinit`.
///
/// Mapping is O(1) in the file's size: pages are read when first touched. Shared across tasks
/// safely: the mapping is read-only and lives as long as this object.
public final class MappedFile: @unchecked Sendable {
    /// First byte of the mapping.
    public let baseAddress: UnsafeRawPointer
    /// The file's size in bytes when it was mapped.
    public let count: Int

    /// Maps the file at `url`. O(1).
    /// - Throws: `FormatError.io` naming the file when it cannot be opened, is not a regular file,
    ///   is empty (an empty mapping is impossible) or cannot be mapped.
    public convenience init(contentsOf url: URL) throws {
        let file = try SystemFile(reading: url.path)
        try self.init(file, size: try file.size())
    }

    private init(_ file: SystemFile, size: Int) throws {
        guard size > 0 else { throw FormatError.io(file: file.path, reason: "file is empty") }
        let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, file.descriptor, 0)
        guard let address, address != MAP_FAILED else { throw SystemFile.failure(file.path, "cannot mmap") }
        baseAddress = UnsafeRawPointer(address)
        count = size
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: baseAddress), count) }

    /// Calls `body` with the bytes of the file at `url`, mapped for the duration of the call (an
    /// empty file gives an empty buffer). O(1) besides what `body` reads.
    /// - Throws: `FormatError.io` naming the file when it cannot be opened, is not a regular file or
    ///   cannot be mapped; whatever `body` throws.
    public static func withBytes<Result>(ofFileAt url: URL, _ body: (UnsafeRawBufferPointer) throws -> Result) throws -> Result {
        let file = try SystemFile(reading: url.path)
        let size = try file.size()
        guard size > 0 else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        let mapping = try MappedFile(file, size: size)
        return try withExtendedLifetime(mapping) { try body(UnsafeRawBufferPointer(start: mapping.baseAddress, count: mapping.count)) }
    }
}
