import Foundation
import WeightPortFormat

/// A WPK file taken apart by the tests' own reading of `Schemas/WPK.md`, so that a test can break
/// one rule and put the file back together with every other rule (and checksum) intact.
struct WPKSurgery {
    /// The 64 header bytes as found.
    var header: [UInt8]
    /// The manifest as a JSON object.
    var manifest: [String: Any]
    /// The data section.
    var data: [UInt8]

    init(_ file: [UInt8]) throws {
        header = Array(file[0..<64])
        let manifestLength = Int(Self.read(UInt64.self, file, at: 24))
        let dataOffset = Int(Self.read(UInt64.self, file, at: 32))
        manifest = try JSONSerialization.jsonObject(with: Data(file[64..<64 + manifestLength])) as? [String: Any] ?? [:]
        data = Array(file[dataOffset...])
    }

    static func read<T: FixedWidthInteger>(_ type: T.Type, _ bytes: [UInt8], at offset: Int) -> T {
        bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
    }

    /// Stores `value` little-endian at `offset`.
    static func patch<T: FixedWidthInteger>(_ bytes: inout [UInt8], at offset: Int, _ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.replaceSubrange(offset..<offset + MemoryLayout<T>.size, with: $0) }
    }

    /// Recomputes the header checksum (bytes 56..<64) after a header edit.
    static func rehash(_ file: inout [UInt8]) {
        var header = Array(file[0..<64])
        patch(&header, at: 56, UInt64(0))
        patch(&file, at: 56, XXH64.hash(header))
    }

    /// Mutates the `index`th entry of the manifest's `tensors` array.
    mutating func editTensor(_ index: Int, _ edit: (inout [String: Any]) -> Void) {
        var tensors = manifest["tensors"] as? [[String: Any]] ?? []
        edit(&tensors[index])
        manifest["tensors"] = tensors
    }

    /// The file: header (with manifest length, data offset and length, and both checksums
    /// recomputed), manifest, zero padding to the next page, data.
    func assemble() throws -> [UInt8] {
        let json = Array(try JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys, .withoutEscapingSlashes]))
        let dataOffset = (64 + json.count + 4095) / 4096 * 4096
        var file = header
        Self.patch(&file, at: 24, UInt64(json.count))
        Self.patch(&file, at: 32, UInt64(dataOffset))
        Self.patch(&file, at: 40, UInt64(data.count))
        Self.patch(&file, at: 48, XXH64.hash(json))
        Self.rehash(&file)
        file += json + [UInt8](repeating: 0, count: dataOffset - 64 - json.count) + data
        return file
    }
}
