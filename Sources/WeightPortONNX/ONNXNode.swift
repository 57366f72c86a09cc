import COnnxProto

/// A Swift view of one `NodeProto`: op type, names and attributes. Tensor attributes point into
/// the `ONNXModelFile` that made the view, and are valid while it lives.
struct ONNXNode {
    /// The node's name, or its first output's name when the source left it empty (names must
    /// reach `inspect` as the source spelled them).
    let name: String
    let opType: String
    let domain: String
    /// Input value names; `""` marks an omitted optional input.
    let inputs: [String]
    let outputs: [String]
    let attributes: [String: ONNXAttribute]

    init(_ proto: UnsafeMutablePointer<Onnx__NodeProto>) {
        let node = proto.pointee
        let outputs = ONNXModelFile.strings(node.output, node.n_output)
        let name = ONNXModelFile.string(node.name)
        self.name = name.isEmpty ? (outputs.first(where: { !$0.isEmpty }) ?? "") : name
        opType = ONNXModelFile.string(node.op_type)
        domain = ONNXModelFile.string(node.domain)
        inputs = ONNXModelFile.strings(node.input, node.n_input)
        self.outputs = outputs
        var attributes: [String: ONNXAttribute] = [:]
        for attribute in ONNXModelFile.elements(node.attribute, node.n_attribute) {
            attributes[ONNXModelFile.string(attribute.pointee.name)] = ONNXAttribute(attribute)
        }
        self.attributes = attributes
    }

    /// Input `index`, or `nil` when it is absent or omitted (`""`).
    func input(_ index: Int) -> String? {
        guard index < inputs.count, !inputs[index].isEmpty else { return nil }
        return inputs[index]
    }
}

/// The value of one `AttributeProto`, by its declared type.
enum ONNXAttribute {
    case float(Float)
    case int(Int)
    case string(String)
    case tensor(UnsafeMutablePointer<Onnx__TensorProto>)
    case floats([Float])
    case ints([Int])
    case strings([String])
    /// Graphs, sparse tensors, type protos and other kinds no supported op takes.
    case other(type: Int)

    init(_ proto: UnsafeMutablePointer<Onnx__AttributeProto>) {
        let attribute = proto.pointee
        switch attribute.type {
        case ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__FLOAT:
            self = .float(attribute.f)
        case ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INT:
            self = .int(Int(attribute.i))
        case ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__STRING:
            self = .string(Self.text(attribute.s))
        case ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__TENSOR:
            if let tensor = attribute.t { self = .tensor(tensor) } else { self = .other(type: Int(attribute.type.rawValue)) }
        case ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__FLOATS:
            self = .floats(ONNXModelFile.scalars(attribute.floats, attribute.n_floats))
        case ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INTS:
            self = .ints(ONNXModelFile.scalars(attribute.ints, attribute.n_ints).map { Int($0) })
        case ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__STRINGS:
            let strings = ONNXModelFile.scalars(attribute.strings, attribute.n_strings)
            self = .strings(strings.map { Self.text($0) })
        default:
            self = .other(type: Int(attribute.type.rawValue))
        }
    }

    private static func text(_ data: ProtobufCBinaryData) -> String {
        guard let bytes = data.data, data.len > 0 else { return "" }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: data.len), as: UTF8.self)
    }
}
