import Foundation

/// Keras' own MobileNet architectures, rebuilt without Keras: the Functional config that
/// `keras.applications.X(weights=None, ...)` produces, and the weights it expects — so that a
/// weights-only file (`model.save_weights("x.weights.h5")`, which has no config) can be read
/// and an architecture can be inspected with no file at all.
///
/// ```swift
/// let spec = ArchitectureSpec(.mobilenetV2, alpha: 0.75, inputSize: 160)
/// let json = try KerasArchitectureConfig.modelConfig(for: spec)        // like model.to_json()
/// let layers = try KerasArchitectureConfig.expectedWeights(for: spec)  // model.layers + shapes
/// ```
///
/// Everything is checked against Keras 3.15.1 dumps in `Fixtures/keras-arch/`: same layer
/// names, order, classes, configs, connections and weight shapes, byte for byte.
/// Every entry point validates the spec first and is O(number of layers) (a few hundred).
public enum KerasArchitectureConfig {
    /// The Keras 3 Functional config of the architecture as JSON bytes, exactly as Keras writes
    /// it: `model.to_json()` for ``KerasConfigDialect/modelJSON`` (a `.keras` archive's
    /// `config.json` minus its `shared_object_id`s), the legacy `.h5` `model_config` attribute for
    /// ``KerasConfigDialect/legacyH5``. Layer names, order, configs (including dtype policies
    /// and initializers), inbound nodes with shapes, and Keras 3 operation nodes all match.
    /// - Throws: ``ArchitectureError`` if the spec is invalid.
    public static func modelConfig(
        for spec: ArchitectureSpec, dialect: KerasConfigDialect = .modelJSON
    ) throws(ArchitectureError) -> Data {
        Data(try modelConfigJSON(for: spec, dialect: dialect).serialized.utf8)
    }

    /// `model.layers` in order, each with its `.weights.h5` group and its variables' names and
    /// shapes. Weightless layers are included (with no variables) because they take part in
    /// `.weights.h5` group numbering; operation nodes are not.
    /// - Throws: ``ArchitectureError`` if the spec is invalid.
    public static func expectedWeights(for spec: ArchitectureSpec) throws(ArchitectureError) -> [KerasLayerWeights] {
        let nodes = try graph(for: spec).nodes.filter(\.isLayer)
        var perClass: [String: Int] = [:]
        return nodes.map { node in
            let prefix = snakeCase(node.className)
            let n = perClass[prefix, default: 0]
            perClass[prefix] = n + 1
            return KerasLayerWeights(
                layer: node.name,
                className: node.className,
                weightsGroup: n == 0 ? prefix : "\(prefix)_\(n)",
                variables: node.variables.map {
                    KerasVariable(name: $0.name, path: "\(node.name)/\($0.name)", shape: $0.shape, isTrainable: $0.isTrainable)
                },
                outputShape: node.outputShape)
        }
    }

    /// Parameter totals: ``KerasParameterCount/total`` equals Keras' `model.count_params()`.
    /// - Throws: ``ArchitectureError`` if the spec is invalid.
    public static func parameterCount(for spec: ArchitectureSpec) throws(ArchitectureError) -> KerasParameterCount {
        var count = KerasParameterCount(total: 0, trainable: 0, nonTrainable: 0, withoutBatchNorm: 0)
        for layer in try expectedWeights(for: spec) {
            for variable in layer.variables {
                count.total += variable.count
                if variable.isTrainable { count.trainable += variable.count } else { count.nonTrainable += variable.count }
                if layer.className != "BatchNormalization" { count.withoutBatchNorm += variable.count }
            }
        }
        return count
    }

    // MARK: Internals

    /// The config as an ordered JSON value (what ``modelConfig(for:dialect:)`` serialises).
    static func modelConfigJSON(
        for spec: ArchitectureSpec, dialect: KerasConfigDialect
    ) throws(ArchitectureError) -> KerasJSON {
        let nodes = try graph(for: spec).nodes
        let config: KerasJSON = .object([
            .init("name", .string(spec.modelName)),
            .init("trainable", true),
            .init("layers", .array(nodes.map { $0.json(dialect) })),
            .init("input_layers", .array([.string(nodes[0].name), 0, 0])),
            .init("output_layers", .array([.string(nodes[nodes.count - 1].name), 0, 0])),
        ])
        switch dialect {
        case .modelJSON:
            return .object([
                .init("module", "keras.src.models.functional"),
                .init("class_name", "Functional"),
                .init("config", config),
                .init("registered_name", "Functional"),
                .init("build_config", .object([.init("input_shape", .null)])),
                .init("compile_config", .object([])),
            ])
        case .legacyH5:
            return .object([.init("class_name", "Functional"), .init("config", config)])
        }
    }

    /// The recorded graph of a spec, after validating it.
    static func graph(for spec: ArchitectureSpec) throws(ArchitectureError) -> KerasGraphBuilder {
        try spec.validate()
        switch spec.architecture {
        case .mobilenetV1: return MobileNetV1Graph.build(spec)
        case .mobilenetV2: return MobileNetV2Graph.build(spec)
        case .mobilenetV3Small, .mobilenetV3Large: return MobileNetV3Graph.build(spec)
        }
    }

    /// Keras' `to_snake_case`, which names `.weights.h5` groups after layer classes:
    /// `Conv2D` → `conv2d`, `ReLU` → `re_lu`, `GlobalAveragePooling2D` → `global_average_pooling2d`.
    static func snakeCase(_ className: String) -> String {
        let chars = Array(className.filter { $0.isLetter || $0.isNumber || $0 == "_" })
        var out = ""
        for (i, c) in chars.enumerated() {
            if i > 0, c.isUppercase {
                let previous = chars[i - 1]
                let startsWord = i + 1 < chars.count && chars[i + 1].isLowercase
                // re.sub("(.)([A-Z][a-z]+)", ...) then re.sub("([a-z])([A-Z])", ...).
                if startsWord || previous.isLowercase { out.append("_") }
            }
            out.append(c)
        }
        return out.lowercased()
    }
}
