import CHDF5
import WeightPortFormat

extension HDF5Dataset {
    /// The dataset's `count` stored bytes as a zero-copy view of the file's mapping, or `nil` when
    /// they are not there as one run: no mapping (an in-memory image), a layout other than
    /// contiguous (chunked, compressed, compact), storage not allocated, external files, or a
    /// stored size other than `count`. The range is checked against the mapping before any
    /// pointer is formed. O(1). The view keeps the mapping alive; like every mapping it assumes
    /// the file is not truncated while in use.
    /// - Throws: `KerasImportError.hdf5` when the creation properties cannot be read.
    func mappedBytes(count: Int) throws -> ByteStorage? {
        guard let mapping = file.mapping, count > 0 else { return nil }
        let offset = H5Dget_offset(id)
        guard offset != haddr_t.max, H5Dget_storage_size(id) == hsize_t(count) else { return nil }
        let properties = try HDF5Library.check(H5Dget_create_plist(id), file: file.name, object: path)
        defer { H5Pclose(properties) }
        guard try HDF5Library.check(H5Pget_external_count(properties), file: file.name, object: path) == 0 else { return nil }
        guard offset <= UInt(mapping.count), UInt(count) <= UInt(mapping.count) - offset else { return nil }
        return ByteStorage(viewing: mapping.baseAddress + Int(offset), count: count, owner: mapping)
    }
}
