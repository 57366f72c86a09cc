/// The manifest's `model` object: `{"name", "inputs", "outputs", "nodes"}`.
struct WPKGraph: Codable {
    /// Model name.
    var name: String
    /// Graph inputs.
    var inputs: [ValueInfo]
    /// Graph outputs.
    var outputs: [ValueInfo]
    /// Nodes in topological order, in their manifest form (`Node+Codable`).
    var nodes: [Node]
}
