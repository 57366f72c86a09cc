import CHDF5
import Foundation
import WeightPortFormat

/// An open, read-only HDF5 file; closes it in `deinit`. Groups, datasets and attributes opened
/// from it keep it alive.
final class HDF5File {
    /// The file name used in error messages (no directories).
    let name: String
    let id: hid_t
    /// The whole file mapped read-only, when it is a file on disk that could be mapped: datasets
    /// stored there as they are become zero-copy views of it (`HDF5Dataset.read()`).
    let mapping: MappedFile?

    private init(id: hid_t, name: String, mapping: MappedFile?) {
        self.id = id
        self.name = name
        self.mapping = mapping
    }

    deinit { H5Fclose(id) }

    /// Opens the HDF5 file at `url` read-only, with `mapping`, the caller's mapping of it, if it
    /// could be mapped (O(1); without a mapping every dataset is read through libhdf5). A mapped
    /// file that starts with the HDF5 signature (every file Keras writes) is opened by libhdf5 in
    /// that mapping (core driver, the image lent, not copied), so its metadata reads are memory
    /// copies instead of ~1,400 `pread` calls for MobileNetV2; any other file (one with a user
    /// block, say) through the file itself.
    /// - Throws: `KerasImportError.fileNotFound`, `.notHDF5`, or `.hdf5` with libhdf5's reason.
    static func open(_ url: URL, mapping: MappedFile?) throws -> HDF5File {
        HDF5Library.prepareThread()
        let name = url.lastPathComponent
        guard FileManager.default.isReadableFile(atPath: url.path) else { throw KerasImportError.fileNotFound(file: name) }
        if let mapping, UnsafeRawBufferPointer(start: mapping.baseAddress, count: mapping.count).starts(with: Self.signature) {
            let fapl = try HDF5Library.check(H5Pcreate(wp_H5P_FILE_ACCESS()), file: name, object: "/")
            defer { H5Pclose(fapl) }
            try HDF5Library.check(wp_lend_file_image(fapl, mapping.baseAddress, mapping.count), file: name, object: "/")
            let id = try HDF5Library.check(H5Fopen("weightport-mapped-\(UUID().uuidString)", wp_H5F_ACC_RDONLY(), fapl), file: name, object: "/")
            return HDF5File(id: id, name: name, mapping: mapping)
        }
        let isHDF5 = H5Fis_hdf5(url.path)
        if isHDF5 == 0 { throw KerasImportError.notHDF5(file: name) }
        try HDF5Library.check(isHDF5, file: name, object: "/")
        let id = try HDF5Library.check(H5Fopen(url.path, wp_H5F_ACC_RDONLY(), hid_t(H5P_DEFAULT)), file: name, object: "/")
        return HDF5File(id: id, name: name, mapping: mapping)
    }

    /// Opens an HDF5 file image held in memory (libhdf5's core driver, no backing file); libhdf5
    /// copies `image`, so the caller may release it afterwards. O(n) in the image size.
    /// libhdf5 identifies core-driver files by name, so each image is opened under a unique name
    /// (two archives with the same file name must never be taken for one open file).
    /// - Parameter name: the name errors should report (e.g. `m.keras/model.weights.h5`).
    /// - Throws: `KerasImportError.notHDF5` or `.hdf5` with libhdf5's reason.
    static func open(image: Data, name: String) throws -> HDF5File {
        HDF5Library.prepareThread()
        guard image.starts(with: [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]) else { throw KerasImportError.notHDF5(file: name) }
        let fapl = try HDF5Library.check(H5Pcreate(wp_H5P_FILE_ACCESS()), file: name, object: "/")
        defer { H5Pclose(fapl) }
        try HDF5Library.check(H5Pset_fapl_core(fapl, 1 << 20, false), file: name, object: "/")
        _ = try image.withUnsafeBytes { bytes in
            try HDF5Library.check(H5Pset_file_image(fapl, UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count),
                                  file: name, object: "/")
        }
        let uniqueName = "weightport-image-\(UUID().uuidString)"
        let id = try HDF5Library.check(H5Fopen(uniqueName, wp_H5F_ACC_RDONLY(), fapl), file: name, object: "/")
        return HDF5File(id: id, name: name, mapping: nil)
    }

    /// The HDF5 format signature, at the start of a file without a user block.
    static let signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]

    /// The root group `/`.
    func root() throws -> HDF5Group {
        try HDF5Group(file: self, parentID: id, name: "/", path: "/")
    }
}
