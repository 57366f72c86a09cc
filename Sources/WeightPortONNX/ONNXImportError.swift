/// Everything that can go wrong while importing an ONNX file. Each case names the file (its last
/// path component) and the node, tensor or value concerned, so that a user can find the cause.
public enum ONNXImportError: Error, Sendable, Equatable {
    /// The file could not be opened or read.
    case unreadable(file: String, reason: String)
    /// The file is larger than protobuf allows for one message (2 GB); such models must keep their
    /// weights in external data.
    case fileTooLarge(file: String, byteCount: Int)
    /// The bytes are not a protobuf `ModelProto` (truncated, corrupt, or another format).
    case notProtobuf(file: String)
    /// The model has no graph.
    case missingGraph(file: String)
    /// The default-domain opset is outside the supported range.
    case unsupportedOpset(file: String, version: Int, supported: ClosedRange<Int>)
    /// A graph input or output cannot be represented (element type, rank, layout).
    case unsupportedValue(file: String, value: String, reason: String)
    /// A node's op type (or domain) has no canonical translation.
    case unsupportedOperator(file: String, node: String, opType: String)
    /// A node of a supported op type uses a form (attribute value, operand kind, shape) that has
    /// no exact canonical translation, or is malformed.
    case unsupportedNode(file: String, node: String, opType: String, reason: String)
    /// A node reads a value that no node, input or initializer defines.
    case undefinedValue(file: String, node: String, value: String)
    /// The graph's nodes depend on each other in a cycle.
    case cycle(file: String, nodes: [String])
    /// A tensor's element type is not one the importer reads.
    case unsupportedDataType(file: String, tensor: String, dataType: Int)
    /// A tensor has a negative dimension or its element count overflows.
    case invalidDimensions(file: String, tensor: String, dims: [Int64])
    /// A tensor's stored data does not hold `dims × dtype` elements.
    case tensorDataMismatch(file: String, tensor: String, expected: Int, found: Int)
    /// An external-data location is an absolute path.
    case externalDataAbsolutePath(file: String, tensor: String, location: String)
    /// An external-data location leaves the model's directory (`..`, or a symbolic link).
    case externalDataEscapes(file: String, tensor: String, location: String)
    /// An external-data range lies outside its data file, or its fields are malformed.
    case externalDataRange(file: String, tensor: String, location: String, reason: String)
    /// An external data file cannot be opened or read.
    case externalDataUnreadable(file: String, tensor: String, location: String, reason: String)
    /// The translated graph is not a valid canonical model.
    case invalidCanonicalModel(file: String, reason: String)
}

extension ONNXImportError: CustomStringConvertible {
    /// A one-line message naming the file, the object concerned and the reason.
    public var description: String {
        switch self {
        case let .unreadable(file, reason):
            "\(file): cannot read the file: \(reason)"
        case let .fileTooLarge(file, byteCount):
            "\(file): \(byteCount) bytes is over protobuf's 2 GB limit; save the model with external data"
        case let .notProtobuf(file):
            "\(file): not a valid ONNX protobuf (truncated, corrupt or not an ONNX model)"
        case let .missingGraph(file):
            "\(file): the ONNX model has no graph"
        case let .unsupportedOpset(file, version, supported):
            "\(file): ONNX opset \(version) is not supported (supported: \(supported.lowerBound)–\(supported.upperBound))"
        case let .unsupportedValue(file, value, reason):
            "\(file): graph value '\(value)': \(reason)"
        case let .unsupportedOperator(file, node, opType):
            "\(file): node '\(node)': op type '\(opType)' has no WeightPort translation"
        case let .unsupportedNode(file, node, opType, reason):
            "\(file): node '\(node)' (\(opType)): \(reason)"
        case let .undefinedValue(file, node, value):
            "\(file): node '\(node)' reads '\(value)', which nothing defines"
        case let .cycle(file, nodes):
            "\(file): the graph has a cycle through node(s) \(nodes.map { "'\($0)'" }.joined(separator: ", "))"
        case let .unsupportedDataType(file, tensor, dataType):
            "\(file): tensor '\(tensor)': ONNX data type \(dataType) is not supported"
        case let .invalidDimensions(file, tensor, dims):
            "\(file): tensor '\(tensor)': dimensions \(dims) are negative or their product overflows"
        case let .tensorDataMismatch(file, tensor, expected, found):
            "\(file): tensor '\(tensor)': expected \(expected) bytes of data, found \(found)"
        case let .externalDataAbsolutePath(file, tensor, location):
            "\(file): tensor '\(tensor)': external data location '\(location)' is absolute; only paths relative to the model's directory are allowed"
        case let .externalDataEscapes(file, tensor, location):
            "\(file): tensor '\(tensor)': external data location '\(location)' leaves the model's directory"
        case let .externalDataRange(file, tensor, location, reason):
            "\(file): tensor '\(tensor)': external data in '\(location)': \(reason)"
        case let .externalDataUnreadable(file, tensor, location, reason):
            "\(file): tensor '\(tensor)': cannot read external data file '\(location)': \(reason)"
        case let .invalidCanonicalModel(file, reason):
            "\(file): the translated model is invalid: \(reason)"
        }
    }
}
