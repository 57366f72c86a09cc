/// Where a translation reads layer variables from: a legacy `.h5` (`model_weights/<layer>/...` or a
/// legacy weights-only file), or a Keras 3 `layers/<class>/vars/<i>` layout (`.weights.h5`,
/// `.keras`). Implementations only find datasets; the translator checks names, shapes and dtypes.
protocol KerasWeightSource {
    /// The variables stored for the layer at `location`, in the file's order; `[]` when the file
    /// stores none for it.
    /// - Throws: `KerasImportError` when the file's structure for this layer is malformed.
    func variables(at location: KerasLayerLocation) throws -> [KerasStoredVariable]

    /// Called once after the last layer: throws `KerasImportError.unexpectedWeight` when the file
    /// stores variables that no layer of the configuration asked for.
    func checkAllConsumed() throws
}
