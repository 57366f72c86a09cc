import WeightPortFormat

/// One variable a weight source holds for a layer, not yet read: a dataset of a Keras file, or
/// zeros of a known shape for an architecture shown without weights.
struct KerasStoredVariable {
    /// Where the values come from.
    enum Content {
        /// A dataset of the file.
        case dataset(HDF5Dataset)
        /// Zero-filled float32 of this shape (no file: `inspect --arch`).
        case zeros(shape: [Int], path: String)
    }

    /// The variable's name when the file records it (`kernel`, `depthwise_kernel`, with any
    /// `:0` removed), or `nil` in Keras 3 layouts that only number variables.
    let name: String?
    /// Where it is, for reading.
    let content: Content

    /// The dataset path, or the variable path of a zero-filled variable, for messages.
    var path: String {
        switch content {
        case let .dataset(dataset): dataset.path
        case let .zeros(_, path): path
        }
    }

    /// The stored dimensions.
    var shape: [Int] {
        switch content {
        case let .dataset(dataset): dataset.shape
        case let .zeros(shape, _): shape
        }
    }

    /// The element type, or a description of the unsupported type a dataset has.
    var dtype: Result<DType, UnsupportedElementType> {
        switch content {
        case let .dataset(dataset): dataset.dtype
        case .zeros: .success(.float32)
        }
    }

    /// The values: a view of the mapped file or new aligned memory (`HDF5Dataset.read()`). O(n).
    /// - Throws: as `HDF5Dataset.read()`; `.invalidObject` for an impossible zero-filled shape.
    func read() throws -> (dtype: DType, storage: ByteStorage) {
        switch content {
        case let .dataset(dataset):
            let (dtype, _, storage) = try dataset.read()
            return (dtype, storage)
        case let .zeros(shape, path):
            guard let count = Tensor.byteCount(dtype: .float32, shape: shape) else {
                throw KerasImportError.invalidObject(file: "(architecture)", object: path, reason: "has an invalid shape \(shape)")
            }
            return (.float32, ByteStorage(count: count) { $0.initializeMemory(as: UInt8.self, repeating: 0) })
        }
    }
}
