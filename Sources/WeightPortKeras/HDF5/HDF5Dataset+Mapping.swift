import CHDF5
import WeightPortFormat

extension HDF5Dataset {
    /// The dataset's `count` stored bytes as a zero-copy view of the file's mapping, or `nil` when
    /// they are not there as one run: no mapping (an in-memory image), no file offset (libhdf5
    /// gives none for chunked, compressed, compact, external or unallocated storage — checked
    /// with libhdf5 1.10.8), or a stored size other than `count`. The range is checked against
    /// the mapping before any pointer is formed. O(1). The view keeps the mapping alive; like
    /// every mapping it assumes the file is not truncated while in use.
    func mappedBytes(count: Int) -> ByteStorage? {
        guard let mapping = file.mapping, count > 0 else { return nil }
        let offset = H5Dget_offset(id)
        guard offset != haddr_t.max, H5Dget_storage_size(id) == hsize_t(count),
              offset <= UInt(mapping.count), UInt(count) <= UInt(mapping.count) - offset else { return nil }
        return ByteStorage(viewing: mapping.baseAddress + Int(offset), count: count, owner: mapping)
    }
}
