import CHDF5

/// An HDF5 dataspace handle (the shape of a dataset or attribute); closed in `deinit`.
final class HDF5Dataspace {
    let id: hid_t

    /// Takes ownership of a dataspace handle.
    init(owning id: hid_t, file: String, object: String) throws {
        self.id = try HDF5Library.check(id, file: file, object: object)
    }

    deinit { H5Sclose(id) }

    /// Dimensions, outermost first (`[]` for a scalar). One call: the dimensions are read into
    /// room for the most libhdf5 allows (`H5S_MAX_RANK`, 32), which also gives the rank.
    func dimensions(file: String, object: String) throws -> [Int] {
        var dims = [hsize_t](repeating: 0, count: 32)
        let rank = try HDF5Library.check(H5Sget_simple_extent_dims(id, &dims, nil), file: file, object: object)
        return dims.prefix(Int(rank)).map { Int(clamping: $0) }
    }

    /// Number of elements.
    var elementCount: Int { Int(clamping: H5Sget_simple_extent_npoints(id)) }
}
