import CHDF5

/// An open HDF5 attribute; closed in `deinit`.
final class HDF5Attribute {
    let file: HDF5File
    let id: hid_t
    /// `group@name`, for error messages.
    let path: String

    init(file: HDF5File, objectID: hid_t, name: String, path: String) throws {
        self.file = file
        self.path = path
        id = try HDF5Library.check(H5Aopen(objectID, name, hid_t(H5P_DEFAULT)), file: file.name, object: path)
    }

    deinit { H5Aclose(id) }

    /// The attribute's strings: a scalar string gives one element. Accepts variable-length strings
    /// (h5py 3) and fixed-length, NUL-padded ones (numpy `S` arrays, h5py 2). An empty float array
    /// (what Keras writes for a weightless layer's `weight_names`) gives `[]`.
    /// - Throws: `KerasImportError.invalidObject` for any other content, `.hdf5` on a read failure.
    func strings() throws -> [String] {
        let type = try HDF5Datatype(owning: H5Aget_type(id), file: file.name, object: path)
        let space = try HDF5Dataspace(owning: H5Aget_space(id), file: file.name, object: path)
        let count = space.elementCount
        guard type.typeClass == H5T_STRING else {
            if count == 0 { return [] }
            throw KerasImportError.invalidObject(file: file.name, object: path, reason: "holds \(type.summary) values, expected strings")
        }
        if count == 0 { return [] }
        if type.isVariableString {
            let memoryType = try HDF5Datatype(owning: H5Tcopy(wp_H5T_C_S1()), file: file.name, object: path)
            try HDF5Library.check(H5Tset_size(memoryType.id, wp_H5T_VARIABLE()), file: file.name, object: path)
            try HDF5Library.check(H5Tset_cset(memoryType.id, H5Tget_cset(type.id)), file: file.name, object: path)
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            try HDF5Library.check(H5Aread(id, memoryType.id, &pointers), file: file.name, object: path)
            defer { H5Dvlen_reclaim(memoryType.id, space.id, hid_t(H5P_DEFAULT), &pointers) }
            return pointers.map { $0.map { String(cString: $0) } ?? "" }
        }
        let width = type.size
        guard width > 0, case (let total, false) = width.multipliedReportingOverflow(by: count) else {
            throw KerasImportError.invalidObject(file: file.name, object: path, reason: "has an invalid string size")
        }
        var bytes = [UInt8](repeating: 0, count: total)
        try HDF5Library.check(H5Aread(id, type.id, &bytes), file: file.name, object: path)
        return (0..<count).map { index in
            let slice = bytes[(index * width)..<((index + 1) * width)]
            return String(decoding: slice.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    /// The attribute as one string (joined when it is a one-element array).
    /// - Throws: `KerasImportError.invalidObject` when it holds more than one string or none.
    func string() throws -> String {
        let values = try strings()
        guard values.count == 1 else {
            throw KerasImportError.invalidObject(file: file.name, object: path, reason: "holds \(values.count) strings, expected 1")
        }
        return values[0]
    }
}
