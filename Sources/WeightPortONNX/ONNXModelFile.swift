import COnnxProto
import Foundation
import WeightPortDigest
import WeightPortFormat

/// An ONNX file read into memory and unpacked by protobuf-c: owns the `Onnx__ModelProto` and frees
/// it in `deinit`. Pointers into the message (tensors, nodes) are valid while this object lives.
///
/// Cost: one read of the file and one unpack, which copies every bytes field (`raw_data`), so peak
/// memory is about twice the file size.
final class ONNXModelFile {
    /// Largest file protobuf-c accepts: length-delimited fields over `INT_MAX` are rejected, and
    /// bigger models must keep their weights in external data.
    static let maximumByteCount = Int(Int32.max)

    /// The model file.
    let url: URL
    /// File name used in every error message.
    let fileName: String
    /// Lowercase hex SHA-256 of the file's bytes.
    let sha256: String
    /// The unpacked message, owned.
    let model: UnsafeMutablePointer<Onnx__ModelProto>

    /// Reads and unpacks `url`.
    /// - Throws: `ONNXImportError.unreadable`, `.fileTooLarge` (over 2 GB, checked before
    ///   reading) or `.notProtobuf`.
    init(url: URL) throws {
        let fileName = url.lastPathComponent
        let byteCount: Int
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            guard (attributes[.type] as? FileAttributeType) == .typeRegular else {
                throw ONNXImportError.unreadable(file: fileName, reason: "not a regular file")
            }
            byteCount = (attributes[.size] as? NSNumber)?.intValue ?? 0
        } catch let error as ONNXImportError {
            throw error
        } catch {
            throw ONNXImportError.unreadable(file: fileName, reason: "no such file or no permission")
        }
        guard byteCount <= Self.maximumByteCount else {
            throw ONNXImportError.fileTooLarge(file: fileName, byteCount: byteCount)
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ONNXImportError.unreadable(file: fileName, reason: error.localizedDescription)
        }
        guard data.count <= Self.maximumByteCount else {
            throw ONNXImportError.fileTooLarge(file: fileName, byteCount: data.count)
        }
        let unpacked = data.withUnsafeBytes { buffer -> UnsafeMutablePointer<Onnx__ModelProto>? in
            guard let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
            return onnx__model_proto__unpack(nil, buffer.count, base)
        }
        guard let unpacked else { throw ONNXImportError.notProtobuf(file: fileName) }
        self.url = url
        self.fileName = fileName
        self.sha256 = data.withUnsafeBytes { SourceDigest.sha256Hex(of: $0) }
        self.model = unpacked
    }

    deinit {
        onnx__model_proto__free_unpacked(model, nil)
    }

    /// The default-domain (`""` or `ai.onnx`) opset version, or `nil` when the model declares none.
    var defaultOpset: Int? {
        let imports = ONNXModelFile.elements(model.pointee.opset_import, model.pointee.n_opset_import)
        for entry in imports {
            let domain = ONNXModelFile.string(entry.pointee.domain)
            if domain.isEmpty || domain == "ai.onnx", entry.pointee.has_version != 0 {
                return Int(entry.pointee.version)
            }
        }
        return nil
    }

    /// `producer_name producer_version`, or `nil` when the file names no producer.
    var producer: String? {
        let text = [ONNXModelFile.string(model.pointee.producer_name), ONNXModelFile.string(model.pointee.producer_version)]
            .filter { !$0.isEmpty }.joined(separator: " ")
        return text.isEmpty ? nil : text
    }

    /// A Swift string from a protobuf-c string field (`nil` → empty).
    static func string(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    /// The non-null elements of a protobuf-c repeated message field.
    static func elements<T>(_ base: UnsafeMutablePointer<UnsafeMutablePointer<T>?>?, _ count: Int) -> [UnsafeMutablePointer<T>] {
        guard let base, count > 0 else { return [] }
        return UnsafeBufferPointer(start: base, count: count).compactMap { $0 }
    }

    /// The elements of a protobuf-c repeated scalar field.
    static func scalars<T>(_ base: UnsafeMutablePointer<T>?, _ count: Int) -> [T] {
        guard let base, count > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: base, count: count))
    }

    /// The strings of a protobuf-c repeated string field.
    static func strings(_ base: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ count: Int) -> [String] {
        guard let base, count > 0 else { return [] }
        return UnsafeBufferPointer(start: base, count: count).map { string($0) }
    }
}
