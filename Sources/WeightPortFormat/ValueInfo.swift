/// The layout of a model input or output in the source framework, so that `run` and `validate`
/// can take and give arrays the way the source did; the canonical model itself is always NHWC.
public enum SourceLayout: String, Sendable, Hashable, Codable {
    /// Channels last (Keras; the canonical layout).
    case nhwc
    /// Channels first (ONNX exports of PyTorch models): transposed at the model's edges only.
    case nchw
    /// No spatial axes (e.g. `[n, classes]`): nothing to transpose.
    case plain
}

/// A model input or output: its name, canonical shape and the source's layout.
public struct ValueInfo: Sendable, Hashable, Codable {
    /// Value name used by the graph's nodes.
    public var name: String
    /// Canonical (NHWC) shape; `-1` marks a dimension of any size (the batch, usually).
    public var shape: [Int]
    /// Element type the source declared for this value.
    public var dtype: DType
    /// How the source laid this value out.
    public var sourceLayout: SourceLayout

    /// Creates a value description.
    public init(name: String, shape: [Int], dtype: DType = .float32, sourceLayout: SourceLayout) {
        self.name = name
        self.shape = shape
        self.dtype = dtype
        self.sourceLayout = sourceLayout
    }

    enum CodingKeys: String, CodingKey {
        case name, shape, dtype
        case sourceLayout = "source_layout"
    }
}
