import Foundation

/// Reads and writes NumPy `.npy` files (formats 1.0 and 2.0) of little-endian `<f4` or `<f2`
/// arrays in C order — the model inputs and outputs of `run` and `validate`.
public enum NpyFile {
    /// Largest header a reader accepts: 1 MiB (NumPy writes under 100 bytes for our arrays).
    public static let headerLimit = 1 << 20
    private static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// Reads the `.npy` file at `url`; `<f2` values are widened to `Float`. O(file size).
    /// - Throws: `FormatError.io` when the file cannot be read, `.invalidNpy` naming the file and
    ///   the reason for anything but a well-formed `<f4`/`<f2` C-order array of the right size.
    public static func read(contentsOf url: URL) throws -> NDArray {
        let storage = try ByteStorage(contentsOf: url)
        return try withExtendedLifetime(storage) { try decode(storage.bytes, name: url.path) }
    }

    /// Decodes `.npy` bytes, named `name` in errors. O(bytes).
    /// - Throws: `FormatError.invalidNpy` as `read(contentsOf:)`.
    public static func decode(_ bytes: UnsafeRawBufferPointer, name: String) throws -> NDArray {
        func fail(_ reason: String) -> FormatError { .invalidNpy(file: name, reason: reason) }
        guard bytes.count >= 10, bytes.prefix(6).elementsEqual(magic) else { throw fail("no NumPy magic at offset 0") }
        let major = bytes[6], minor = bytes[7]
        let headerStart: Int
        let headerLength: Int
        switch (major, minor) {
        case (1, 0):
            headerStart = 10
            headerLength = Int(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt16.self)))
        case (2, 0):
            guard bytes.count >= 12 else { throw fail("file ends inside the preamble") }
            headerStart = 12
            headerLength = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self)))
        default:
            throw fail("format version \(major).\(minor) is not supported (1.0 and 2.0 are)")
        }
        guard headerLength <= headerLimit else { throw fail("header length \(headerLength) exceeds the \(headerLimit)-byte limit") }
        guard headerStart + headerLength <= bytes.count else {
            throw fail("header length \(headerLength) runs past the end of the \(bytes.count)-byte file")
        }
        let header = try NpyHeader(parsing: Array(bytes[headerStart..<headerStart + headerLength]), path: name)
        guard let byteCount = Tensor.byteCount(dtype: header.dtype, shape: header.shape) else {
            throw fail("shape \(header.shape) has more elements than memory can hold")
        }
        let dataStart = headerStart + headerLength
        guard bytes.count - dataStart == byteCount else {
            throw fail("data is \(bytes.count - dataStart) bytes; shape \(header.shape) of \(header.dtype.rawValue) needs \(byteCount)")
        }
        let data = UnsafeRawBufferPointer(rebasing: bytes[dataStart...])
        let count = byteCount / header.dtype.byteSize
        let values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            switch header.dtype {
            case .float32:
                for index in 0..<count {
                    buffer[index] = Float(bitPattern: UInt32(littleEndian: data.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self)))
                }
            case .float16:
                for index in 0..<count {
                    buffer[index] = Float16Bits.float(fromBits: UInt16(littleEndian: data.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self)))
                }
            }
            initialized = count
        }
        return try NDArray(shape: header.shape, values: values)
    }

    /// Writes `array` to `url` as `<f4` (default) or `<f2` (rounded to nearest even), atomically
    /// like `WPKWriter.write`. O(n).
    /// - Throws: `FormatError.io` naming the file when it cannot be written.
    public static func write(_ array: NDArray, to url: URL, dtype: DType = .float32) throws {
        let bytes = encode(array, dtype: dtype)
        try AtomicFile.write(to: url) { write in try bytes.withUnsafeBytes { try write($0) } }
    }

    /// The `.npy` bytes of `array`, exactly as `numpy.save` writes them: format 1.0 (2.0 when the
    /// header needs more than 65535 bytes), header padded with spaces to a multiple of 64. O(n).
    public static func encode(_ array: NDArray, dtype: DType = .float32) -> [UInt8] {
        let text = Array(NpyHeader(dtype: dtype, shape: array.shape).text.utf8)
        func padded(preambleLength: Int) -> [UInt8] {
            text + repeatElement(UInt8(ascii: " "), count: 64 - (preambleLength + text.count + 1) % 64) + [0x0A]
        }
        var header = padded(preambleLength: 10)
        let needsVersion2 = header.count > Int(UInt16.max)
        if needsVersion2 { header = padded(preambleLength: 12) }
        var bytes = magic + (needsVersion2 ? [2, 0] : [1, 0])
        if needsVersion2 {
            withUnsafeBytes(of: UInt32(header.count).littleEndian) { bytes += $0 }
        } else {
            withUnsafeBytes(of: UInt16(header.count).littleEndian) { bytes += $0 }
        }
        bytes += header
        bytes.reserveCapacity(bytes.count + array.values.count * dtype.byteSize)
        for value in array.values {
            switch dtype {
            case .float32: withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 }
            case .float16: withUnsafeBytes(of: Float16Bits.bits(from: value).littleEndian) { bytes += $0 }
            }
        }
        return bytes
    }
}
