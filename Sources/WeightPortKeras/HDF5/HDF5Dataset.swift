import CHDF5
import WeightPortFormat

/// An open HDF5 dataset; closed in `deinit`.
final class HDF5Dataset {
    let file: HDF5File
    let id: hid_t
    /// Absolute path inside the file, for error messages.
    let path: String
    /// The stored dimensions.
    let shape: [Int]
    /// The stored element type.
    private let type: HDF5Datatype

    /// Opens the dataset and reads its dimensions and element type once, for the checks and the
    /// read that follow (asking libhdf5 again for each cost ~1 ms of MobileNetV2's import: each
    /// call registers and releases handles).
    init(file: HDF5File, parentID: hid_t, name: String, path: String) throws {
        self.file = file
        self.path = path
        id = try HDF5Library.check(H5Dopen2(parentID, name, hid_t(H5P_DEFAULT)), file: file.name, object: path)
        do {
            shape = try HDF5Dataspace(owning: H5Dget_space(id), file: file.name, object: path).dimensions(file: file.name, object: path)
            type = try HDF5Datatype(owning: H5Dget_type(id), file: file.name, object: path)
        } catch {
            H5Dclose(id)
            throw error
        }
    }

    deinit { H5Dclose(id) }

    /// Largest dataset WeightPort reads (4 GiB): far above any MobileNet tensor, and a bound on
    /// what a malformed shape can make it allocate.
    static let maximumByteCount = 1 << 32

    /// The element type as a `DType`, or a description of the unsupported type it has.
    var dtype: Result<DType, UnsupportedElementType> {
        if type.typeClass == H5T_FLOAT, type.size == 4 { return .success(.float32) }
        if type.isIEEEHalf { return .success(.float16) }
        return .failure(UnsupportedElementType(description: type.summary))
    }

    /// The whole dataset, little-endian. When the file holds it as one contiguous run of exactly
    /// those bytes (float32 stored IEEE little-endian, or float16), the result is a zero-copy view
    /// of the file's mapping (`mappedBytes`); otherwise it is read into new aligned memory, float32
    /// through the native float memory type (converting a big-endian file), float16 bit for bit
    /// (it must be little-endian in the file). O(1) for a view, O(n) for a read.
    /// - Throws: `KerasImportError.invalidObject` for another element type or a size that
    ///   overflows, `.hdf5` on a read failure.
    func read() throws -> (dtype: DType, shape: [Int], storage: ByteStorage) {
        let dtype: DType
        let memoryType: hid_t
        let storedAsIs: Bool
        if type.typeClass == H5T_FLOAT, type.size == 4 {
            dtype = .float32
            memoryType = wp_H5T_NATIVE_FLOAT()
            storedAsIs = H5Tequal(type.id, wp_H5T_IEEE_F32LE()) > 0
        } else if type.isIEEEHalf, type.isLittleEndian {
            dtype = .float16
            memoryType = type.id
            storedAsIs = true
        } else {
            throw KerasImportError.invalidObject(file: file.name, object: path, reason: "has element type \(type.summary)")
        }
        guard let count = Tensor.byteCount(dtype: dtype, shape: shape), count <= Self.maximumByteCount else {
            throw KerasImportError.invalidObject(file: file.name, object: path, reason: "has an invalid or oversized shape \(shape)")
        }
        if storedAsIs, let view = mappedBytes(count: count) { return (dtype, shape, view) }
        let storage = try ByteStorage(count: count) { buffer in
            guard count > 0 else { return }
            try HDF5Library.check(H5Dread(id, memoryType, hid_t(H5S_ALL), hid_t(H5S_ALL), hid_t(H5P_DEFAULT), buffer.baseAddress),
                                  file: file.name, object: path)
        }
        return (dtype, shape, storage)
    }
}
