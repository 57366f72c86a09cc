import Foundation

/// Writes a `Model` as a WPK 1.0 file (`Schemas/WPK.md`): header, sorted-key JSON manifest, then a
/// page-aligned data section holding every weight (and the reference vectors, if any) 64-byte
/// aligned in model order, gaps zero-filled. The same model always gives the same bytes.
public enum WPKWriter {
    /// Writes `model` to `url` atomically: a temporary file in the same directory is written,
    /// `fsync`ed and renamed over `url`, and the directory is synced. On any error the temporary
    /// file is removed and an existing file at `url` is left untouched.
    /// Costs one XXH64 pass over the weights whose `ByteStorage.checksum` is not yet known (on all
    /// cores), the write, and two `fsync`s; memory beyond the manifest is not allocated (tensor
    /// bytes are written from their storage).
    /// - Returns: the size of the file written, in bytes.
    /// - Throws: `FormatError` from `Model.validate()`, `.invalidModel` when the manifest cannot be
    ///   encoded or exceeds 64 MiB, `.io` naming the file when the file system refuses.
    @discardableResult
    public static func write(_ model: Model, to url: URL) throws -> Int {
        let plan = try Plan(model)
        try AtomicFile.write(to: url) { write in try plan.emit(write) }
        return plan.fileSize
    }

    /// The bytes `write` would put in a file. O(file size) memory; meant for tests and small models.
    /// - Throws: as `write`, except `.io`.
    public static func encode(_ model: Model) throws -> [UInt8] {
        let plan = try Plan(model)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(plan.fileSize)
        try plan.emit { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Where every byte of the file goes, decided before anything is written.
    struct Plan {
        /// Header, manifest and the zero padding up to the data section.
        let prefix: [UInt8]
        /// Each stored tensor's bytes and offset in the data section, ascending.
        let blocks: [(storage: ByteStorage, offset: Int)]
        /// Length of the data section.
        let dataLength: Int

        var fileSize: Int { prefix.count + dataLength }

        init(_ model: Model) throws {
            try model.validate()
            let stored = model.tensors + (model.reference.map { [$0.inputs, $0.expected] } ?? [])
            let checksums = try ConcurrentMap.map(stored.count) { stored[$0].storage.checksum }
            var entries: [WPKTensorEntry] = []
            var blocks: [(storage: ByteStorage, offset: Int)] = []
            var end = 0
            for (tensor, checksum) in zip(stored, checksums) {
                let offset = Self.offset(after: end)
                entries.append(WPKTensorEntry(tensor, offset: offset, checksum: checksum))
                blocks.append((tensor.storage, offset))
                end = offset + tensor.storage.count
            }
            let weightCount = model.tensors.count
            let reference = model.reference.map {
                WPKReferenceEntry(inputs: entries[weightCount], expected: entries[weightCount + 1], atol: $0.atol, rtol: $0.rtol)
            }
            let manifest = try WPKManifest(
                formatVersion: WPKVersion.current.description,
                model: WPKGraph(name: model.name, inputs: model.inputs, outputs: model.outputs, nodes: model.nodes),
                tensors: Array(entries.prefix(weightCount)),
                provenance: model.provenance,
                reference: reference
            ).encoded()
            guard manifest.count <= WPKHeader.manifestLimit else {
                throw FormatError.invalidModel(reason: "the manifest would be \(manifest.count) bytes; the limit is \(WPKHeader.manifestLimit) (64 MiB)")
            }
            dataLength = Self.offset(after: end)
            let header = WPKHeader(manifestLength: manifest.count, manifestChecksum: XXH64.hash(manifest), dataLength: dataLength)
            var prefix = header.encoded() + manifest
            prefix += repeatElement(0, count: Int(header.dataOffset) - prefix.count)
            self.prefix = prefix
            self.blocks = blocks
        }

        /// Where in the data section a tensor's bytes start when the previous one ends at `end`
        /// (and where the data section ends after the last): the next multiple of 64.
        static func offset(after end: Int) -> Int {
            end.roundedUp(toMultipleOf: ByteStorage.alignment)
        }

        /// Hands `storage`'s bytes to `write`, preceded by the zeros from `end`, where the data
        /// section written so far ends, up to their offset (`offset(after:)`).
        /// - Returns: their offset in the data section.
        static func emit(_ storage: ByteStorage, after end: Int, _ write: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
            let offset = offset(after: end)
            try emitZeros(offset - end, write)
            try write(storage.bytes)
            return offset
        }

        /// Hands every byte of the file, in order, to `write`.
        func emit(_ write: (UnsafeRawBufferPointer) throws -> Void) throws {
            try prefix.withUnsafeBytes { try write($0) }
            try emitData(from: 0, write)
        }

        /// Hands the data section's bytes from block `first` on to `write`: what follows the end
        /// of block `first - 1` (all of it for 0), the final padding included.
        func emitData(from first: Int, _ write: (UnsafeRawBufferPointer) throws -> Void) throws {
            var end = first == 0 ? 0 : blocks[first - 1].offset + blocks[first - 1].storage.count
            for block in blocks[first...] {
                end = try Self.emit(block.storage, after: end, write) + block.storage.count
            }
            try Self.emitZeros(dataLength - end, write)
        }

        /// Hands `count` (< 64) zero bytes to `write`.
        private static func emitZeros(_ count: Int, _ write: (UnsafeRawBufferPointer) throws -> Void) throws {
            try zeros.withUnsafeBytes { try write(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }

        private static let zeros = [UInt8](repeating: 0, count: ByteStorage.alignment)
    }
}
