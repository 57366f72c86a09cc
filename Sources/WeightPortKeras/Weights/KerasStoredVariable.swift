/// One variable a weight source holds for a layer, not yet read.
struct KerasStoredVariable {
    /// The variable's name when the file records it (`kernel`, `depthwise_kernel`, with any
    /// `:0` removed), or `nil` in Keras 3 layouts that only number variables.
    let name: String?
    /// Where it is, for reading.
    let dataset: HDF5Dataset
}
