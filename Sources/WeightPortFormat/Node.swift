/// One operation of the canonical graph: an op applied to named values, producing named values.
public struct Node: Sendable, Hashable {
    /// Source layer or node name, as the source spelled it; nested Keras layers are `outer/inner`.
    public var name: String
    /// What the node computes.
    public var op: Op
    /// Names of the activation values it reads (model inputs or earlier nodes' outputs), in order.
    public var inputs: [String]
    /// Names of the values it produces (one for every op in the current set).
    public var outputs: [String]
    /// Weight role (`kernel`, `bias`, `gamma`, `beta`, `mean`, `variance`) → tensor name.
    public var weights: [String: String]

    /// Creates a node.
    public init(name: String, op: Op, inputs: [String], outputs: [String], weights: [String: String] = [:]) {
        self.name = name
        self.op = op
        self.inputs = inputs
        self.outputs = outputs
        self.weights = weights
    }
}
