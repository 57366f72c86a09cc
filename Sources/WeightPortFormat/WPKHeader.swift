/// The fixed 64-byte little-endian header at the start of every WPK file (`Schemas/WPK.md`).
///
/// Offset | size | field
/// -------|------|------------------------------------------------------------
///      0 |    8 | magic `89 57 50 4B 0D 0A 1A 0A` ("\x89WPK\r\n\x1A\n")
///      8 |    2 | format major version (1)
///     10 |    2 | format minor version (0)
///     12 |    4 | flags (none defined in 1.x: must be 0)
///     16 |    8 | manifest offset (= 64)
///     24 |    8 | manifest length in bytes (1 ... 64 MiB)
///     32 |    8 | data section offset (manifest end rounded up to 4096)
///     40 |    8 | data section length (data offset + length = file size)
///     48 |    8 | XXH64 (seed 0) of the manifest bytes
///     56 |    8 | XXH64 (seed 0) of these 64 bytes with this field zeroed
struct WPKHeader {
    /// Header size in bytes.
    static let size = 64
    /// The eight magic bytes.
    static let magic: [UInt8] = [0x89, 0x57, 0x50, 0x4B, 0x0D, 0x0A, 0x1A, 0x0A]
    /// Largest manifest a reader accepts (and a writer writes): 64 MiB.
    static let manifestLimit = 64 << 20
    /// Alignment of the data section's file offset.
    static let pageSize = 4096
    /// Byte offset of the header checksum.
    static let checksumOffset = 56

    var version: WPKVersion
    var flags: UInt32
    var manifestOffset: UInt64
    var manifestLength: UInt64
    var dataOffset: UInt64
    var dataLength: UInt64
    var manifestChecksum: UInt64

    /// The 64 bytes, with the header checksum computed. O(1).
    func encoded() -> [UInt8] {
        var bytes = Self.magic
        func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        append(version.major)
        append(version.minor)
        append(flags)
        append(manifestOffset)
        append(manifestLength)
        append(dataOffset)
        append(dataLength)
        append(manifestChecksum)
        append(UInt64(0))
        let checksum = XXH64.hash(bytes)
        bytes.removeLast(8)
        append(checksum)
        return bytes
    }

    /// Parses and checks the header at the start of `file`: size, magic, version, checksum, flags.
    /// Offsets are checked against the file by `sections(fileSize:path:)`. O(1).
    /// - Throws: `FormatError.invalidWPK` (short file, bad magic, unknown flags),
    ///   `.unsupportedVersion` (major version other than 1), `.checksumMismatch` (header).
    init(parsing file: UnsafeRawBufferPointer, path: String) throws {
        guard file.count >= Self.size else {
            throw FormatError.invalidWPK(file: path, reason: "file is \(file.count) bytes, shorter than the \(Self.size)-byte header")
        }
        guard file.prefix(8).elementsEqual(Self.magic) else {
            throw FormatError.invalidWPK(file: path, reason: "no WPK magic at offset 0")
        }
        func field<T: FixedWidthInteger>(_ offset: Int, _ type: T.Type) -> T {
            T(littleEndian: file.loadUnaligned(fromByteOffset: offset, as: T.self))
        }
        version = WPKVersion(major: field(8, UInt16.self), minor: field(10, UInt16.self))
        guard version.major == WPKVersion.current.major else {
            throw FormatError.unsupportedVersion(file: path, found: version.description, supported: "\(WPKVersion.current.major).x")
        }
        var zeroed = [UInt8](file.prefix(Self.size))
        zeroed.replaceSubrange(Self.checksumOffset..<Self.checksumOffset + 8, with: repeatElement(0, count: 8))
        guard XXH64.hash(zeroed) == field(Self.checksumOffset, UInt64.self) else {
            throw FormatError.checksumMismatch(file: path, part: "header")
        }
        flags = field(12, UInt32.self)
        guard flags == 0 else {
            throw FormatError.invalidWPK(file: path, reason: "header flags 0x\(String(flags, radix: 16)) are unknown to this reader")
        }
        manifestOffset = field(16, UInt64.self)
        manifestLength = field(24, UInt64.self)
        dataOffset = field(32, UInt64.self)
        dataLength = field(40, UInt64.self)
        manifestChecksum = field(48, UInt64.self)
    }

    /// Creates a header for a manifest of `manifestLength` bytes and a data section of
    /// `dataLength` bytes, laid out as version 1.0 requires.
    init(manifestLength: Int, manifestChecksum: UInt64, dataLength: Int) {
        version = .current
        flags = 0
        manifestOffset = UInt64(Self.size)
        self.manifestLength = UInt64(manifestLength)
        dataOffset = UInt64(Self.dataOffset(manifestLength: manifestLength))
        self.dataLength = UInt64(dataLength)
        self.manifestChecksum = manifestChecksum
    }

    /// Where the data section starts after a manifest of `manifestLength` bytes (at most
    /// `manifestLimit`): the manifest's end rounded up to a page.
    static func dataOffset(manifestLength: Int) -> Int {
        (size + manifestLength).roundedUp(toMultipleOf: pageSize)
    }

    /// The manifest and data byte ranges, after checking that the header describes exactly a file
    /// of `fileSize` bytes: manifest right after the header and within the size limit, data section
    /// page-aligned right after the manifest, ending at the end of the file. Overflow-checked. O(1).
    /// - Throws: `FormatError.invalidWPK` naming the first field that is out of place.
    func sections(fileSize: Int, path: String) throws -> (manifest: Range<Int>, data: Range<Int>) {
        func fail(_ reason: String) -> FormatError { .invalidWPK(file: path, reason: reason) }
        guard manifestOffset == UInt64(Self.size) else {
            throw fail("manifest offset is \(manifestOffset); version 1 puts the manifest right after the \(Self.size)-byte header")
        }
        guard manifestLength <= UInt64(Self.manifestLimit) else {
            throw fail("manifest is \(manifestLength) bytes; the limit is \(Self.manifestLimit) bytes (64 MiB)")
        }
        guard manifestLength > 0 else { throw fail("manifest is empty") }
        let manifestEnd = Self.size + Int(manifestLength)
        let expectedDataOffset = Self.dataOffset(manifestLength: Int(manifestLength))
        guard dataOffset == UInt64(expectedDataOffset) else {
            throw fail("data section offset is \(dataOffset); it must be \(expectedDataOffset), the manifest's end rounded up to \(Self.pageSize)")
        }
        let (dataEnd, overflow) = dataOffset.addingReportingOverflow(dataLength)
        guard !overflow, dataEnd == UInt64(fileSize) else {
            throw fail("data section \(dataOffset) + \(dataLength) does not end at the end of the file (\(fileSize) bytes): truncated or extended")
        }
        return (Self.size..<manifestEnd, expectedDataOffset..<fileSize)
    }
}
