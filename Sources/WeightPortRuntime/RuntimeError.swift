/// Everything that can go wrong in the runtime: building a session from a model, running it on
/// an input, comparing outputs. Each case carries what a user needs to find the cause; none is
/// a programmer error (those are preconditions).
public enum RuntimeError: Error, Sendable, Equatable {
    /// The model's graph is inconsistent (undefined values, duplicate names, unsupported structure).
    case invalidModel(reason: String)
    /// A node lacks a weight its op requires.
    case missingWeight(node: String, role: String)
    /// A weight tensor has a shape its node cannot use.
    case weightShape(node: String, tensor: String, shape: [Int], expected: String)
    /// A node's attributes are out of range (non-positive stride, groups not dividing the channels).
    case invalidAttributes(node: String, reason: String)
    /// `run(_:)` with one array was called on a model with several inputs or outputs.
    case notSingleInputOutput(inputs: [String], outputs: [String])
    /// A model input was not given.
    case missingInput(name: String)
    /// An array was given for a name that is not a model input.
    case unknownInput(name: String)
    /// An input array has the wrong rank or a wrong fixed dimension (shapes in the source layout).
    case inputShape(input: String, expected: [Int], actual: [Int])
    /// The graph cannot run at this input size (e.g. the image is smaller than a valid window).
    case unsupportedInputSize(inputs: [String: [Int]], reason: String)
    /// `RuntimeOptions.threads` is not positive.
    case invalidThreadCount(Int)
    /// A benchmark was asked for no iterations, a negative warm-up or batch, or an input whose
    /// size it cannot choose.
    case invalidBenchmark(reason: String)
    /// Two arrays compared by `ParityReport` have different shapes.
    case shapeMismatch(actual: [Int], expected: [Int])
    /// A tolerance is negative or not a number.
    case invalidTolerance(atol: Double, rtol: Double)
}

extension RuntimeError: CustomStringConvertible {
    /// A one-line message naming the node, tensor or input and the reason.
    public var description: String {
        switch self {
        case let .invalidModel(reason):
            "invalid model: \(reason)"
        case let .missingWeight(node, role):
            "node '\(node)': missing weight '\(role)'"
        case let .weightShape(node, tensor, shape, expected):
            "node '\(node)': weight '\(tensor)' has shape \(shape), expected \(expected)"
        case let .invalidAttributes(node, reason):
            "node '\(node)': \(reason)"
        case let .notSingleInputOutput(inputs, outputs):
            "the model has inputs \(inputs) and outputs \(outputs); pass arrays by name"
        case let .missingInput(name):
            "input '\(name)' was not given"
        case let .unknownInput(name):
            "'\(name)' is not an input of the model"
        case let .inputShape(input, expected, actual):
            "input '\(input)': got shape \(actual), expected \(expected) (-1: any size)"
        case let .unsupportedInputSize(inputs, reason):
            "the graph cannot run on inputs of shape \(inputs.sorted { $0.key < $1.key }.map { "'\($0.key)' \($0.value)" }.joined(separator: ", ")) (NHWC): \(reason)"
        case let .invalidThreadCount(count):
            "thread count must be at least 1, got \(count)"
        case let .invalidBenchmark(reason):
            "cannot benchmark: \(reason)"
        case let .shapeMismatch(actual, expected):
            "actual shape \(actual) differs from expected shape \(expected)"
        case let .invalidTolerance(atol, rtol):
            "tolerances must be non-negative numbers, got atol \(atol), rtol \(rtol)"
        }
    }
}
