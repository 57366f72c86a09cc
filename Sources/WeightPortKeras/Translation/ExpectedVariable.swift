import WeightPortFormat

/// A variable a layer's configuration needs, with the shape it must be stored with.
struct ExpectedVariable {
    /// Keras 3 variable name (`kernel`, `bias`, `gamma`, `beta`, `moving_mean`, `moving_variance`).
    var name: String
    /// Other names the same variable has in other dialects (tf.keras `depthwise_kernel`).
    var aliases: [String] = []
    /// Canonical weight role (`kernel`, `bias`, `gamma`, `beta`, `mean`, `variance`).
    var role: String
    /// Shape in the file.
    var storedShape: [Int]
    /// Canonical shape (the same bytes, reinterpreted; differs for depthwise kernels only).
    var shape: [Int]
    /// Canonical layout.
    var layout: TensorLayout
    /// Explains a mismatch between the needed and the stored shape, when it can.
    var hint: (@Sendable (_ expected: [Int], _ stored: [Int]) -> String?)?

    init(name: String, aliases: [String] = [], role: String, storedShape: [Int]? = nil, shape: [Int], layout: TensorLayout,
         hint: (@Sendable ([Int], [Int]) -> String?)? = nil) {
        self.name = name
        self.aliases = aliases
        self.role = role
        self.storedShape = storedShape ?? shape
        self.shape = shape
        self.layout = layout
        self.hint = hint
    }
}
