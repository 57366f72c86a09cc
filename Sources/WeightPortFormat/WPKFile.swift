import Foundation

/// An opened WPK file: its header and manifest checked, its model ready to use, its tensors
/// zero-copy views of the file's bytes (`Schemas/WPK.md`).
///
/// Opening validates everything but the tensor bytes before a pointer is formed — magic, version,
/// header and manifest checksums, every offset and length (overflow-checked), the manifest's JSON,
/// each tensor's dtype × shape = length, 64-byte alignment, ascending non-overlapping placement
/// inside the data section, and the graph — and reads no tensor data: with `.mmap` it costs the same
/// for a 1 MB and a 1 GB file. `verify()` checks the rest. Sendable: its bytes never change.
public struct WPKFile: Sendable {
    /// The path the file was opened from (or the name given to in-memory bytes).
    public let path: String
    /// The format version the file declares (major 1; any minor).
    public let formatVersion: WPKVersion
    /// The file's size in bytes.
    public let fileSize: Int
    /// The model, with `reference` when the file embeds reference vectors. Its tensors keep the
    /// file's bytes alive.
    public let model: Model

    private let storage: ByteStorage
    private let manifestRange: Range<Int>
    private let dataRange: Range<Int>
    private let manifestChecksum: UInt64
    let entries: [WPKTensorEntry]

    /// Opens and checks the WPK file at `url`. O(manifest) with `.mmap` (the default); `.read`
    /// adds one read of the whole file.
    /// - Throws: `FormatError.io` when the file cannot be opened, mapped or read;
    ///   `.invalidWPK` naming the rule the file breaks; `.checksumMismatch` for a corrupt header or
    ///   manifest; `.unsupportedVersion` for another major version, naming both versions.
    public init(contentsOf url: URL, access: Access = .mmap) throws {
        switch access {
        case .mmap:
            let mapping = try MappedFile(contentsOf: url)
            try self.init(storage: ByteStorage(viewing: mapping.baseAddress, count: mapping.count, owner: mapping), path: url.path)
        case .read:
            try self.init(storage: ByteStorage(contentsOf: url), path: url.path)
        }
    }

    /// Opens WPK bytes held in memory (copied once), named `name` in errors. O(bytes).
    /// - Throws: as `init(contentsOf:access:)`, except `.io`.
    public init(bytes: [UInt8], name: String = "<memory>") throws {
        try self.init(storage: bytes.withUnsafeBytes { ByteStorage(copying: $0) }, path: name)
    }

    private init(storage: ByteStorage, path: String) throws {
        func fail(_ reason: String) -> FormatError { .invalidWPK(file: path, reason: reason) }
        let file = storage.bytes
        let header = try WPKHeader(parsing: file, path: path)
        let (manifestRange, dataRange) = try header.sections(fileSize: file.count, path: path)
        let manifestBytes = UnsafeRawBufferPointer(rebasing: file[manifestRange])
        guard XXH64.hash(manifestBytes) == header.manifestChecksum else {
            throw FormatError.checksumMismatch(file: path, part: "manifest")
        }
        if let offset = Self.firstNonzeroByte(in: UnsafeRawBufferPointer(rebasing: file[manifestRange.upperBound..<dataRange.lowerBound])) {
            throw fail("byte \(manifestRange.upperBound + offset), in the padding before the data section, is not zero")
        }
        let manifest = try WPKManifest(decoding: manifestBytes, path: path)
        guard manifest.formatVersion == header.version.description else {
            throw fail("manifest format_version '\(manifest.formatVersion)' disagrees with the header's \(header.version)")
        }

        let entries = manifest.storedTensors
        var previousEnd = 0
        for entry in entries {
            func misplaced(_ reason: String) -> FormatError { fail("tensor '\(entry.name)': \(reason)") }
            guard let byteCount = Tensor.byteCount(dtype: entry.dtype, shape: entry.shape), byteCount == entry.length else {
                throw misplaced("length \(entry.length) is not the size of a \(entry.dtype.rawValue) tensor of shape \(entry.shape)")
            }
            guard entry.offset >= 0, entry.offset % ByteStorage.alignment == 0 else {
                throw misplaced("offset \(entry.offset) is not a multiple of \(ByteStorage.alignment)")
            }
            guard entry.offset >= previousEnd else {
                throw misplaced("offset \(entry.offset) is before the end of the previous tensor (\(previousEnd)): tensors must be ascending and must not overlap")
            }
            let (end, overflow) = entry.offset.addingReportingOverflow(entry.length)
            guard !overflow, end <= dataRange.count else {
                throw misplaced("bytes \(entry.offset) + \(entry.length) lie outside the \(dataRange.count)-byte data section")
            }
            guard XXH64.value(hex: entry.xxh64) != nil else {
                throw misplaced("xxh64 '\(entry.xxh64)' is not 16 lowercase hex digits")
            }
            previousEnd = end
        }
        // Every entry is now known to lie inside the file: only now are pointers into it formed.
        let tensors = try entries.map { entry in
            let view = ByteStorage(viewing: storage.baseAddress + dataRange.lowerBound + entry.offset, count: entry.length, owner: storage)
            return try Tensor(name: entry.name, dtype: entry.dtype, shape: entry.shape, layout: entry.layout, storage: view)
        }

        let weightCount = manifest.tensors.count
        do {
            let reference = manifest.reference.map {
                ReferenceVectors(inputs: tensors[weightCount], expected: tensors[weightCount + 1], atol: $0.atol, rtol: $0.rtol)
            }
            let graph = manifest.model
            model = try Model(name: graph.name, inputs: graph.inputs, outputs: graph.outputs, nodes: graph.nodes,
                              tensors: Array(tensors.prefix(weightCount)), provenance: manifest.provenance, reference: reference)
            try model.validate()
        } catch let error as FormatError {
            throw fail("manifest: \(error)")
        }
        self.path = path
        formatVersion = header.version
        fileSize = file.count
        self.storage = storage
        self.manifestRange = manifestRange
        self.dataRange = dataRange
        manifestChecksum = header.manifestChecksum
        self.entries = entries
    }

    /// Checks every byte the open did not: each tensor's XXH64 against the manifest and every
    /// padding byte of the data section for zero; it also re-checks the header and manifest.
    /// Together with the open this detects any change of any single byte of the file.
    /// O(file size): reads every page (about 10 GB/s in a release build).
    /// - Returns: one message per problem, naming the tensor or byte range; empty when intact.
    public func verify() -> [String] {
        var problems: [String] = []
        let file = storage.bytes
        do {
            _ = try WPKHeader(parsing: file, path: path)
        } catch {
            problems.append("header: \(error)")
        }
        if XXH64.hash(UnsafeRawBufferPointer(rebasing: file[manifestRange])) != manifestChecksum {
            problems.append("manifest: does not match its XXH64")
        }
        func checkZero(_ range: Range<Int>, _ what: String) {
            if let offset = Self.firstNonzeroByte(in: UnsafeRawBufferPointer(rebasing: file[range])) {
                problems.append("\(what): byte \(range.lowerBound + offset) of the file is not zero")
            }
        }
        checkZero(manifestRange.upperBound..<dataRange.lowerBound, "padding before the data section")
        var cursor = dataRange.lowerBound
        for entry in entries {
            let start = dataRange.lowerBound + entry.offset
            checkZero(cursor..<start, "padding before tensor '\(entry.name)'")
            let actual = XXH64.hash(UnsafeRawBufferPointer(rebasing: file[start..<start + entry.length]))
            if XXH64.hex(actual) != entry.xxh64 {
                problems.append("tensor '\(entry.name)': XXH64 is \(XXH64.hex(actual)), the manifest records \(entry.xxh64)")
            }
            cursor = start + entry.length
        }
        checkZero(cursor..<dataRange.upperBound, "padding at the end of the data section")
        return problems
    }

    /// Offset of the first nonzero byte of `bytes`, or `nil`. O(n), eight bytes at a time.
    private static func firstNonzeroByte(in bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        var offset = 0
        while offset + 8 <= bytes.count, base.loadUnaligned(fromByteOffset: offset, as: UInt64.self) == 0 {
            offset += 8
        }
        while offset < bytes.count {
            if base.load(fromByteOffset: offset, as: UInt8.self) != 0 { return offset }
            offset += 1
        }
        return nil
    }
}
