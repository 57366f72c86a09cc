import CHDF5

/// An HDF5 datatype handle (of a dataset or attribute, or a memory type); closed in `deinit`.
final class HDF5Datatype {
    let id: hid_t
    /// The datatype class (`H5T_FLOAT`, `H5T_STRING`, ...).
    let typeClass: H5T_class_t
    /// Size of one element in bytes.
    let size: Int

    /// Takes ownership of a datatype handle, and reads its class and size.
    init(owning id: hid_t, file: String, object: String) throws {
        self.id = try HDF5Library.check(id, file: file, object: object)
        typeClass = H5Tget_class(id)
        size = H5Tget_size(id)
    }

    deinit { H5Tclose(id) }

    /// Whether this is a variable-length string type.
    var isVariableString: Bool { H5Tis_variable_str(id) > 0 }

    /// Whether elements are stored little-endian.
    var isLittleEndian: Bool { H5Tget_order(id) == H5T_ORDER_LE }

    /// Whether this is IEEE 754 binary16 (the layout numpy's `f2` is written with).
    var isIEEEHalf: Bool {
        guard typeClass == H5T_FLOAT, size == 2 else { return false }
        var signPosition = 0, exponentPosition = 0, exponentSize = 0, mantissaPosition = 0, mantissaSize = 0
        guard H5Tget_fields(id, &signPosition, &exponentPosition, &exponentSize, &mantissaPosition, &mantissaSize) >= 0 else { return false }
        return signPosition == 15 && exponentPosition == 10 && exponentSize == 5 && mantissaPosition == 0 && mantissaSize == 10
            && H5Tget_ebias(id) == 15
    }

    /// A short description for error messages: `float32`, `float64`, `int64`, `string`, ...
    var summary: String {
        switch typeClass {
        case H5T_FLOAT: "float\(size * 8)"
        case H5T_INTEGER: "int\(size * 8)"
        case H5T_STRING: "string"
        default: "HDF5 class \(typeClass.rawValue)"
        }
    }
}
