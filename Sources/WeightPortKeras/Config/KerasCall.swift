/// One call of a layer in a Functional graph (one entry of `inbound_nodes`), in a form common to
/// both serialisation dialects.
public struct KerasCall: Sendable, Hashable {
    /// A positional argument of the call.
    public enum Argument: Sendable, Hashable {
        /// One tensor.
        case tensor(KerasTensorReference)
        /// A list of tensors (merge layers take `[[t1, t2]]`).
        case tensors([KerasTensorReference])
        /// A numeric constant (Keras 3 operation nodes such as `x + 3.0`).
        case number(Double)
    }

    /// Positional arguments, in order.
    public var arguments: [Argument]
    /// Keyword arguments (`training`, `mask`, and tf.keras `TFOpLambda` constants such as `y`).
    public var keywordArguments: [String: JSONValue]

    /// Creates a call.
    public init(arguments: [Argument], keywordArguments: [String: JSONValue] = [:]) {
        self.arguments = arguments
        self.keywordArguments = keywordArguments
    }

    /// Every tensor the call reads, in argument order.
    public var inputTensors: [KerasTensorReference] {
        arguments.flatMap { argument -> [KerasTensorReference] in
            switch argument {
            case let .tensor(reference): [reference]
            case let .tensors(references): references
            case .number: []
            }
        }
    }

    /// Parses one `inbound_nodes` entry of either dialect, or `nil` when it has neither form.
    ///
    /// - Keras 3: `{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history":
    ///   [name, node, tensor]}}, 3.0, [t1, t2]], "kwargs": {...}}`.
    /// - tf.keras 2: a list of `[name, node, tensor, kwargs]` entries, one per input tensor; or,
    ///   for `TFOpLambda`, one such entry on its own (`["x", 0, 0, {"y": 3.0}]`). The kwargs of
    ///   the entries are merged (tf.keras keeps a call's keyword arguments there).
    init?(json value: JSONValue) {
        if let members = value.object {
            guard let args = members["args"]?.array else { return nil }
            var arguments: [Argument] = []
            for arg in args {
                if let reference = Self.kerasTensor(arg) {
                    arguments.append(.tensor(reference))
                } else if let number = arg.number {
                    arguments.append(.number(number))
                } else if let items = arg.array {
                    let references = items.compactMap(Self.kerasTensor)
                    guard references.count == items.count else { return nil }
                    arguments.append(.tensors(references))
                } else {
                    return nil
                }
            }
            self.init(arguments: arguments, keywordArguments: members["kwargs"]?.object?.dictionary ?? [:])
            return
        }
        guard let items = value.array else { return nil }
        let entries: [JSONValue] = items.first?.string != nil ? [value] : items
        var references: [KerasTensorReference] = []
        var keywordArguments: [String: JSONValue] = [:]
        for entry in entries {
            guard let reference = KerasTensorReference(list: entry) else { return nil }
            references.append(reference)
            if let list = entry.array, list.count >= 4, let kwargs = list[3].object {
                keywordArguments.merge(kwargs.dictionary) { first, _ in first }
            }
        }
        let arguments: [Argument] = references.count == 1 ? [.tensor(references[0])] : [.tensors(references)]
        self.init(arguments: arguments, keywordArguments: keywordArguments)
    }

    private static func kerasTensor(_ value: JSONValue) -> KerasTensorReference? {
        guard value["class_name"]?.string == "__keras_tensor__", let history = value["config"]?["keras_history"] else { return nil }
        return KerasTensorReference(list: history)
    }
}
