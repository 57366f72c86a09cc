/// The canonical model every importer produces and every command consumes: a graph of `Node`s in
/// topological order over NHWC activations, the stored weight tensors, and where it came from.
public struct Model: Sendable {
    /// Model name (Keras model name, ONNX graph name).
    public var name: String
    /// Graph inputs.
    public var inputs: [ValueInfo]
    /// Graph outputs.
    public var outputs: [ValueInfo]
    /// Nodes in execution (topological) order.
    public var nodes: [Node]
    /// Stored weights, in the order they are written.
    public private(set) var tensors: [Tensor]
    /// Source, checksum and importer of this model.
    public var provenance: Provenance
    /// Optional embedded reference inputs and expected outputs.
    public var reference: ReferenceVectors?
    private var tensorIndex: [String: Int]

    /// Creates a model. Call `validate()` to check the graph's consistency.
    /// - Throws: `FormatError.invalidModel` when two tensors share a name.
    public init(name: String, inputs: [ValueInfo], outputs: [ValueInfo], nodes: [Node], tensors: [Tensor],
                provenance: Provenance, reference: ReferenceVectors? = nil) throws {
        var index: [String: Int] = [:]
        for (position, tensor) in tensors.enumerated() {
            guard index.updateValue(position, forKey: tensor.name) == nil else {
                throw FormatError.invalidModel(reason: "two tensors are named '\(tensor.name)'")
            }
        }
        self.name = name
        self.inputs = inputs
        self.outputs = outputs
        self.nodes = nodes
        self.tensors = tensors
        self.provenance = provenance
        self.reference = reference
        self.tensorIndex = index
    }

    /// The tensor named `name`, or `nil`. O(1).
    public func tensor(named name: String) -> Tensor? {
        tensorIndex[name].map { tensors[$0] }
    }

    /// The tensor a node uses in `role`, or `nil` when the node has no such weight.
    /// - Throws: `FormatError.undefinedReference` when the node names a tensor that does not exist.
    public func weight(_ role: String, of node: Node) throws -> Tensor? {
        guard let tensorName = node.weights[role] else { return nil }
        guard let tensor = tensor(named: tensorName) else {
            throw FormatError.undefinedReference(node: node.name, name: tensorName)
        }
        return tensor
    }

    /// Checks the graph: unique node and value names, every input defined before use (so the
    /// node order is topological and acyclic), every weight present, every output produced.
    /// - Throws: `FormatError.undefinedReference` or `.invalidModel` naming the first problem.
    public func validate() throws {
        var defined = Set(inputs.map(\.name))
        guard defined.count == inputs.count else {
            throw FormatError.invalidModel(reason: "two model inputs share a name")
        }
        var nodeNames = Set<String>()
        for node in nodes {
            guard nodeNames.insert(node.name).inserted else {
                throw FormatError.invalidModel(reason: "two nodes are named '\(node.name)'")
            }
            for input in node.inputs where !defined.contains(input) {
                throw FormatError.undefinedReference(node: node.name, name: input)
            }
            for tensorName in node.weights.values where tensor(named: tensorName) == nil {
                throw FormatError.undefinedReference(node: node.name, name: tensorName)
            }
            for output in node.outputs {
                guard defined.insert(output).inserted else {
                    throw FormatError.invalidModel(reason: "value '\(output)' is produced twice (node '\(node.name)')")
                }
            }
        }
        for output in outputs where !defined.contains(output.name) {
            throw FormatError.invalidModel(reason: "model output '\(output.name)' is not produced by any node")
        }
    }
}
