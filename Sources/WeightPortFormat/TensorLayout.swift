/// The meaning of each axis of a stored tensor, recorded per tensor so that no consumer guesses.
///
/// Importers transpose into these layouts; the runtime relies on them.
public enum TensorLayout: String, Sendable, Hashable, Codable, CaseIterable {
    /// Convolution kernel `[kh, kw, cin / groups, cout]` (a depthwise kernel has `cin / groups == 1`).
    case convolutionKernel = "kh_kw_cin_cout"
    /// Dense kernel `[in, out]`.
    case denseKernel = "in_out"
    /// One value per channel `[c]`: biases and batch-norm parameters.
    case perChannel = "c"
    /// Activations, channels last `[n, h, w, c]` (also used for reference vectors).
    case nhwc
    /// Activations, channels first `[n, c, h, w]` (reference vectors of an ONNX source).
    case nchw
    /// Any other layout, described by the shape alone (e.g. `[n, classes]`).
    case plain
}
