import CHDF5

/// An open HDF5 group; closed in `deinit`. Keeps its file open.
final class HDF5Group {
    let file: HDF5File
    let id: hid_t
    /// Absolute path inside the file, for error messages.
    let path: String

    /// Opens the group `name` (which may contain `/`) relative to `parentID`.
    init(file: HDF5File, parentID: hid_t, name: String, path: String) throws {
        self.file = file
        self.path = path
        id = try HDF5Library.check(H5Gopen2(parentID, name, hid_t(H5P_DEFAULT)), file: file.name, object: path)
    }

    deinit { H5Gclose(id) }

    private func childPath(_ name: String) -> String { path == "/" ? "/" + name : path + "/" + name }

    /// Whether a link `name` exists; `name` may be a path with `/` (each step is checked, so a
    /// missing intermediate group gives `false`, not an error).
    func contains(_ name: String) -> Bool {
        var prefix = ""
        for component in name.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += prefix.isEmpty ? String(component) : "/" + component
            guard H5Lexists(id, prefix, hid_t(H5P_DEFAULT)) > 0 else { return false }
        }
        return !prefix.isEmpty
    }

    /// The group at relative path `name`. Opened directly; only a failed open asks whether the
    /// path exists (a path check costs one lookup per component, a third of a MobileNet import).
    /// - Throws: `KerasImportError.missingObject` when it does not exist, `.hdf5` when it cannot be opened.
    func group(_ name: String) throws -> HDF5Group {
        do {
            return try HDF5Group(file: file, parentID: id, name: name, path: childPath(name))
        } catch where !contains(name) {
            throw KerasImportError.missingObject(file: file.name, object: childPath(name))
        }
    }

    /// The dataset at relative path `name`, opened like `group(_:)`.
    /// - Throws: `KerasImportError.missingObject` when it does not exist, `.hdf5` when it cannot be opened.
    func dataset(_ name: String) throws -> HDF5Dataset {
        do {
            return try HDF5Dataset(file: file, parentID: id, name: name, path: childPath(name))
        } catch where !contains(name) {
            throw KerasImportError.missingObject(file: file.name, object: childPath(name))
        }
    }

    /// Names of the direct children (groups and datasets), in HDF5's name order — which is not the
    /// order Keras wrote them in.
    func childNames() throws -> [String] {
        var info = H5G_info_t()
        try HDF5Library.check(H5Gget_info(id, &info), file: file.name, object: path)
        var names: [String] = []
        for index in 0..<info.nlinks {
            let length = H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, hid_t(H5P_DEFAULT))
            try HDF5Library.check(length, file: file.name, object: path)
            var buffer = [CChar](repeating: 0, count: Int(length) + 1)
            let written = H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count, hid_t(H5P_DEFAULT))
            try HDF5Library.check(written, file: file.name, object: path)
            names.append(String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return names
    }

    /// The attribute `name` of this group, or `nil` when it has none. Opened directly; only a
    /// failed open asks whether it exists.
    /// - Throws: `KerasImportError.hdf5` when it exists but cannot be opened.
    func attribute(_ name: String) throws -> HDF5Attribute? {
        do {
            return try HDF5Attribute(file: file, objectID: id, name: name, path: path + "@" + name)
        } catch {
            let exists = H5Aexists(id, name)
            try HDF5Library.check(exists, file: file.name, object: path + "@" + name)
            guard exists > 0 else { return nil }
            throw error
        }
    }
}
