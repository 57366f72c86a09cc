import CHDF5

/// An HDF5 dataspace handle (the shape of a dataset or attribute); closed in `deinit`.
final class HDF5Dataspace {
    let id: hid_t

    /// Takes ownership of a dataspace handle.
    init(owning id: hid_t, file: String, object: String) throws {
        self.id = try HDF5Library.check(id, file: file, object: object)
    }

    deinit { H5Sclose(id) }

    /// Dimensions, outermost first (`[]` for a scalar).
    func dimensions(file: String, object: String) throws -> [Int] {
        let rank = H5Sget_simple_extent_ndims(id)
        try HDF5Library.check(rank, file: file, object: object)
        var dims = [hsize_t](repeating: 0, count: Int(rank))
        if rank > 0 { try HDF5Library.check(H5Sget_simple_extent_dims(id, &dims, nil), file: file, object: object) }
        return dims.map { Int(clamping: $0) }
    }

    /// Number of elements.
    var elementCount: Int { Int(clamping: H5Sget_simple_extent_npoints(id)) }
}
