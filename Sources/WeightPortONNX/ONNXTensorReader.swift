import COnnxProto
import Foundation
import WeightPortFormat

/// Decodes `TensorProto`s (initializers, `Constant` values) into constants, reading `raw_data`,
/// the typed repeated fields or external data. Checks dims, element counts and byte ranges before
/// it copies anything; keeps external data files open for the import's duration.
final class ONNXTensorReader {
    private let directory: URL
    private let file: String
    private var externalFiles: [String: ExternalDataFile] = [:]

    init(modelURL: URL) {
        directory = modelURL.deletingLastPathComponent()
        file = modelURL.lastPathComponent
    }

    /// The constant `proto` holds; `fallbackName` names it when the proto has no name.
    /// - Throws: `ONNXImportError.invalidDimensions`, `.unsupportedDataType`, `.tensorDataMismatch`
    ///   or an external-data error.
    func read(_ proto: UnsafeMutablePointer<Onnx__TensorProto>, fallbackName: String) throws -> ONNXConstant {
        let tensor = proto.pointee
        let protoName = ONNXModelFile.string(tensor.name)
        let name = protoName.isEmpty ? fallbackName : protoName
        let rawDims = ONNXModelFile.scalars(tensor.dims, tensor.n_dims)
        var dims: [Int] = []
        var count = 1
        // Also bounded with zero sizes counted as 1, so that no partial product overflows later.
        var spread = 1
        for dimension in rawDims {
            guard dimension >= 0, dimension <= Int32.max else { throw ONNXImportError.invalidDimensions(file: file, tensor: name, dims: rawDims) }
            let (product, overflow) = count.multipliedReportingOverflow(by: Int(dimension))
            let (spreadProduct, spreadOverflow) = spread.multipliedReportingOverflow(by: max(Int(dimension), 1))
            guard !overflow, !spreadOverflow else { throw ONNXImportError.invalidDimensions(file: file, tensor: name, dims: rawDims) }
            count = product
            spread = spreadProduct
            dims.append(Int(dimension))
        }
        let dataType = tensor.has_data_type != 0 ? Int(tensor.data_type) : 0
        let elementSize: Int
        switch dataType {
        case 1, 6: elementSize = 4          // FLOAT, INT32
        case 10: elementSize = 2            // FLOAT16
        case 7: elementSize = 8             // INT64
        default: throw ONNXImportError.unsupportedDataType(file: file, tensor: name, dataType: dataType)
        }
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: elementSize)
        guard !overflow else { throw ONNXImportError.invalidDimensions(file: file, tensor: name, dims: rawDims) }
        guard tensor.segment == nil else {
            throw ONNXImportError.tensorDataMismatch(file: file, tensor: name, expected: byteCount, found: 0)
        }

        let storage: ByteStorage
        if tensor.has_data_location != 0, tensor.data_location == ONNX__TENSOR_PROTO__DATA_LOCATION__EXTERNAL {
            storage = try readExternal(tensor, name: name, byteCount: byteCount)
        } else if tensor.has_raw_data != 0 {
            let found = tensor.raw_data.len
            guard found == byteCount else { throw ONNXImportError.tensorDataMismatch(file: file, tensor: name, expected: byteCount, found: found) }
            storage = ByteStorage(copying: UnsafeRawBufferPointer(start: tensor.raw_data.data, count: found))
        } else {
            storage = try readTypedFields(tensor, name: name, dataType: dataType, count: count, byteCount: byteCount)
        }

        switch dataType {
        case 1:
            return .floats(FloatConstant(name: name, dtype: .float32, dims: dims, storage: storage))
        case 10:
            return .floats(FloatConstant(name: name, dtype: .float16, dims: dims, storage: storage))
        case 7:
            let bytes = storage.bytes
            let values = (0..<count).map { SymbolicInt.value(Int(Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self)))) }
            return .ints(IntConstant(dims: dims, values: values))
        default:
            let bytes = storage.bytes
            let values = (0..<count).map { SymbolicInt.value(Int(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self)))) }
            return .ints(IntConstant(dims: dims, values: values))
        }
    }

    /// Little-endian element bytes from `float_data`, `int32_data` (INT32, and FLOAT16 bit patterns
    /// in the low 16 bits) or `int64_data`.
    private func readTypedFields(_ tensor: Onnx__TensorProto, name: String, dataType: Int, count: Int, byteCount: Int) throws -> ByteStorage {
        func check(_ found: Int, _ size: Int) throws {
            guard found == count else { throw ONNXImportError.tensorDataMismatch(file: file, tensor: name, expected: byteCount, found: found * size) }
        }
        switch dataType {
        case 1:
            try check(tensor.n_float_data, 4)
            let values = ONNXModelFile.scalars(tensor.float_data, tensor.n_float_data)
            return ByteStorage(floats: values)
        case 10:
            try check(tensor.n_int32_data, 2)
            let values = ONNXModelFile.scalars(tensor.int32_data, tensor.n_int32_data).map { UInt16(truncatingIfNeeded: $0).littleEndian }
            return ByteStorage(count: byteCount) { buffer in values.withUnsafeBytes { buffer.copyMemory(from: $0) } }
        case 7:
            try check(tensor.n_int64_data, 8)
            let values = ONNXModelFile.scalars(tensor.int64_data, tensor.n_int64_data).map { $0.littleEndian }
            return ByteStorage(count: byteCount) { buffer in values.withUnsafeBytes { buffer.copyMemory(from: $0) } }
        default:
            try check(tensor.n_int32_data, 4)
            let values = ONNXModelFile.scalars(tensor.int32_data, tensor.n_int32_data).map { $0.littleEndian }
            return ByteStorage(count: byteCount) { buffer in values.withUnsafeBytes { buffer.copyMemory(from: $0) } }
        }
    }

    /// Bytes named by the `location`/`offset`/`length` entries of `external_data`.
    private func readExternal(_ tensor: Onnx__TensorProto, name: String, byteCount: Int) throws -> ByteStorage {
        var fields: [String: String] = [:]
        for entry in ONNXModelFile.elements(tensor.external_data, tensor.n_external_data) {
            fields[ONNXModelFile.string(entry.pointee.key)] = ONNXModelFile.string(entry.pointee.value)
        }
        let location = fields["location"] ?? ""
        func number(_ key: String) throws -> Int? {
            guard let text = fields[key] else { return nil }
            guard let value = Int(text), value >= 0 else {
                throw ONNXImportError.externalDataRange(file: file, tensor: name, location: location, reason: "\(key) '\(text)' is not a non-negative integer")
            }
            return value
        }
        let offset = try number("offset") ?? 0
        let length = try number("length") ?? byteCount
        guard length == byteCount else {
            throw ONNXImportError.tensorDataMismatch(file: file, tensor: name, expected: byteCount, found: length)
        }
        let dataFile = try externalFile(location, tensor: name)
        let (end, overflow) = offset.addingReportingOverflow(length)
        guard !overflow, end <= dataFile.byteCount else {
            throw ONNXImportError.externalDataRange(file: file, tensor: name, location: location,
                                                    reason: "bytes \(offset)..<\(overflow ? Int.max : end) lie past the end of the \(dataFile.byteCount)-byte file")
        }
        return try dataFile.read(offset: offset, length: length, file: file, tensor: name)
    }

    private func externalFile(_ location: String, tensor: String) throws -> ExternalDataFile {
        if let open = externalFiles[location] { return open }
        let opened = try ExternalDataFile(location: location, directory: directory, file: file, tensor: tensor)
        externalFiles[location] = opened
        return opened
    }
}
