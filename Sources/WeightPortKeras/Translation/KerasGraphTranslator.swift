import WeightPortFormat

/// Translates a Keras model configuration plus a weight source into canonical nodes and tensors.
///
/// Walks the Functional graph (or Sequential stack) in dependency order, nested models inline
/// (names `outer/inner`), producing nodes whose output values are named after their layers. Each
/// layer's output shape is inferred as it is translated (with the canonical shape rules), so that
/// every stored variable is checked against the shape the configuration needs before it is read.
struct KerasGraphTranslator {
    /// Spatial size assumed, for checking shapes only, when the input layer leaves it open
    /// (`[null, null, null, 3]`); the model input keeps `-1`.
    static let nominalSpatialSize = 224

    /// The layer classes that own variables.
    static let weightedClasses: Set<String> = ["Conv2D", "DepthwiseConv2D", "BatchNormalization", "Dense"]

    let file: String
    let dialect: KerasDialect
    let weights: any KerasWeightSource
    /// Where each layer's tensors go as soon as they are read, to be worked on while the import
    /// goes on: the importer's digest thread (their checksums), the caller's sink, if any.
    let sinks: [any TensorSink]
    private(set) var nodes: [Node] = []
    private(set) var tensors: [Tensor] = []
    private(set) var inputs: [ValueInfo] = []
    private(set) var outputs: [ValueInfo] = []
    var shapes: [String: [Int]] = [:]
    /// False once an input leaves its height or width open (shapes then use `nominalSpatialSize`).
    private(set) var spatialSizeKnown = true
    private var usedNames: Set<String> = []

    init(file: String, dialect: KerasDialect, weights: any KerasWeightSource, sinks: [any TensorSink] = []) {
        self.file = file
        self.dialect = dialect
        self.weights = weights
        self.sinks = sinks
    }

    /// Translates the whole model and checks that the file holds no variable it did not use; then
    /// tells the sinks that they have every tensor.
    mutating func translate(_ model: KerasModelConfig) throws {
        let values = try translateGraph(model, parent: nil, bound: nil)
        outputs = values.map { value in
            let shape = shapes[value] ?? []
            return ValueInfo(name: value, shape: shape.enumerated().map { $0.offset == 0 ? -1 : $0.element },
                             sourceLayout: shape.count == 4 ? .nhwc : .plain)
        }
        try weights.checkAllConsumed()
        for sink in sinks { sink.acceptedAll() }
    }

    /// Translates one (possibly nested) model and returns the values of its outputs.
    /// - Parameters:
    ///   - parent: the nested model's own location, or `nil` at the top.
    ///   - bound: for a nested model, the outer values its inputs are called with.
    private mutating func translateGraph(_ graph: KerasModelConfig, parent: KerasLayerLocation?, bound: [String]?) throws -> [String] {
        let storage = storageKeys(of: graph)
        func location(_ layer: KerasLayerConfig) -> KerasLayerLocation {
            KerasLayerLocation(namePath: (parent?.namePath ?? []) + [layer.name],
                               storagePath: (parent?.storagePath ?? []) + (storage[layer.name].map { [$0] } ?? []),
                               className: layer.className)
        }
        var valueOf: [String: String] = [:]

        if graph.className == "Sequential" {
            var previous: String? = bound?.first
            for layer in graph.layers {
                let here = location(layer)
                if layer.className == "InputLayer" {
                    if previous == nil { previous = try defineInput(layer, location: here) }
                    continue
                }
                if previous == nil { previous = try defineInput(layer, location: here, implicit: true) }
                guard let input = previous else { continue }
                previous = try translateLayer(layer, location: here, call: KerasCall(arguments: [.tensor(.init(layer: input))]),
                                              inputs: [input])
            }
            return previous.map { [$0] } ?? []
        }

        var pending = graph.layers
        while !pending.isEmpty {
            guard let index = pending.firstIndex(where: { layer in
                layer.calls.allSatisfy { $0.inputTensors.allSatisfy { valueOf[$0.layer] != nil } }
            }) else {
                let layer = pending[0]
                let missing = layer.calls.flatMap(\.inputTensors).first { valueOf[$0.layer] == nil }?.layer ?? "?"
                throw KerasImportError.unsupportedGraph(file: file, layer: location(layer).qualifiedName, className: layer.className,
                                                        reason: "its input '\(missing)' is not produced by any layer of the model")
            }
            let layer = pending.remove(at: index)
            let here = location(layer)
            if layer.className == "InputLayer" {
                if let bound {
                    guard let position = graph.inputs.firstIndex(where: { $0.layer == layer.name }), position < bound.count else {
                        throw KerasImportError.unsupportedGraph(file: file, layer: here.qualifiedName, className: layer.className,
                                                                reason: "this input of a nested model is not connected")
                    }
                    valueOf[layer.name] = bound[position]
                } else {
                    valueOf[layer.name] = try defineInput(layer, location: here)
                }
                continue
            }
            guard layer.calls.count == 1, let call = layer.calls.first else {
                throw KerasImportError.unsupportedGraph(file: file, layer: here.qualifiedName, className: layer.className,
                                                        reason: "the layer is called \(layer.calls.count) times; shared or unconnected layers are not supported")
            }
            var inputValues: [String] = []
            for reference in call.inputTensors {
                guard reference.nodeIndex == 0, reference.tensorIndex == 0, let value = valueOf[reference.layer] else {
                    throw KerasImportError.unsupportedGraph(file: file, layer: here.qualifiedName, className: layer.className,
                                                            reason: "it reads output \(reference.tensorIndex) of call \(reference.nodeIndex) of '\(reference.layer)'; only single-output, single-call layers are supported")
                }
                inputValues.append(value)
            }
            if layer.isNestedModel {
                let inner = try KerasModelConfig(json: .object(["class_name": .string(layer.className), "config": layer.config]), file: file)
                let values = try translateGraph(inner, parent: here, bound: inputValues)
                guard values.count == 1 else {
                    throw KerasImportError.unsupportedGraph(file: file, layer: here.qualifiedName, className: layer.className,
                                                            reason: "a nested model with \(values.count) outputs")
                }
                valueOf[layer.name] = values[0]
            } else {
                valueOf[layer.name] = try translateLayer(layer, location: here, call: call, inputs: inputValues)
            }
        }
        return try graph.outputs.map { reference in
            guard reference.tensorIndex == 0, let value = valueOf[reference.layer] else {
                throw KerasImportError.invalidConfig(file: file, layer: reference.layer, reason: "model output '\(reference.layer)' is not a layer output")
            }
            return value
        }
    }

    /// Keras 3 storage keys of a container's layers: snake-cased class name, numbered per class in
    /// `model.layers` order (operation nodes are not layers and get none).
    private func storageKeys(of graph: KerasModelConfig) -> [String: String] {
        var counts: [String: Int] = [:]
        var keys: [String: String] = [:]
        var snakeCased: [String: String] = [:]  // per class: snakeCase walks Characters, slow for 150 layers
        for layer in graph.layers where !layer.isOperationNode {
            let base = snakeCased[layer.className] ?? Self.snakeCase(layer.className)
            snakeCased[layer.className] = base
            let seen = counts[base, default: 0]
            counts[base] = seen + 1
            keys[layer.name] = seen == 0 ? base : "\(base)_\(seen)"
        }
        return keys
    }

    /// Keras' `naming.to_snake_case`: `DepthwiseConv2D` → `depthwise_conv2d`, `ReLU` → `re_lu`.
    static func snakeCase(_ name: String) -> String {
        let characters = Array(name.filter { $0.isLetter || $0.isNumber || $0 == "_" })
        // Step 1: insert "_" before an uppercase letter followed by lowercase letters (not at 0).
        var first: [Character] = []
        for (index, character) in characters.enumerated() {
            if index > 0, character.isUppercase, index + 1 < characters.count, characters[index + 1].isLowercase {
                first.append("_")
            }
            first.append(character)
        }
        // Step 2: insert "_" between a lowercase letter and an uppercase letter.
        var second: [Character] = []
        for (index, character) in first.enumerated() {
            if index > 0, character.isUppercase, first[index - 1].isLowercase { second.append("_") }
            second.append(character)
        }
        return String(second).lowercased()
    }

    /// Declares a model input for an `InputLayer` (or, `implicit`, for the first layer of a
    /// Sequential model that carries `batch_input_shape` itself) and returns its value name.
    private mutating func defineInput(_ layer: KerasLayerConfig, location: KerasLayerLocation, implicit: Bool = false) throws -> String {
        let settings = KerasLayerSettings(file: file, layer: location.qualifiedName, layerConfig: layer)
        guard let shapeList = (layer.config["batch_shape"] ?? layer.config["batch_input_shape"])?.array, !shapeList.isEmpty else {
            throw settings.invalid("no batch_shape / batch_input_shape")
        }
        let shape = try shapeList.map { item -> Int in
            if item.isNull { return -1 }
            guard let value = item.integer, value > 0 else { throw settings.invalid("batch shape entry \(item) is not a positive integer or null") }
            return value
        }
        let name = implicit ? location.qualifiedName + "_input" : location.qualifiedName
        let dtype: DType = (layer.config["dtype"]?.string == "float16") ? .float16 : .float32
        inputs.append(ValueInfo(name: name, shape: [-1] + shape.dropFirst(), dtype: dtype, sourceLayout: shape.count == 4 ? .nhwc : .plain))
        shapes[name] = [1] + shape.dropFirst().map { $0 < 0 ? Self.nominalSpatialSize : $0 }
        if shape.dropFirst().contains(-1) { spatialSizeKnown = false }
        usedNames.insert(name)
        return name
    }

    /// Appends `node` with the tensors it introduces, after inferring its output shape.
    /// - Throws: `KerasImportError.invalidConfig` when its inputs do not fit its op.
    mutating func emit(_ node: Node, tensors newTensors: [Tensor], location: KerasLayerLocation) throws {
        guard usedNames.insert(node.name).inserted, node.outputs.allSatisfy({ shapes[$0] == nil }) else {
            throw KerasImportError.invalidConfig(file: file, layer: location.qualifiedName, reason: "the name '\(node.name)' is used twice")
        }
        let inputShapes = try node.inputs.map { input -> [Int] in
            guard let shape = shapes[input] else {
                throw KerasImportError.invalidConfig(file: file, layer: location.qualifiedName, reason: "input '\(input)' is undefined")
            }
            return shape
        }
        do {
            let scratch = try Model(name: "", inputs: [], outputs: [], nodes: [], tensors: newTensors, provenance: Self.scratchProvenance)
            let shape = try scratch.outputShape(of: node, inputShapes: inputShapes)
            for output in node.outputs { shapes[output] = shape }
        } catch let error as FormatError {
            throw KerasImportError.invalidConfig(file: file, layer: location.qualifiedName, reason: "\(location.className): \(error)")
        }
        nodes.append(node)
        tensors.append(contentsOf: newTensors)
        let storages = newTensors.map(\.storage)
        for sink in sinks { sink.accept(storages) }
    }

    private static let scratchProvenance = Provenance(sourceFormat: "", sourceFile: "", sourceSHA256: "", frameworkVersion: nil,
                                                      importerVersion: "", createdAt: "")
}
