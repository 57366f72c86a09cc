import WeightPortFormat

extension KerasGraphTranslator {
    /// Keras 3 operation nodes (`x + 3.0`, `x * (1/6)`, `a * b` written as `ops.add` /
    /// `ops.multiply` calls): a tensor and a number become `rescale`; two tensors become `add` /
    /// `mul`. Subtraction of a constant is `rescale(1, -c)` (exact in IEEE arithmetic); division
    /// has no exact canonical form and is refused.
    mutating func translateOperation(_ layer: KerasLayerConfig, location: KerasLayerLocation, call: KerasCall,
                                     inputs: [String]) throws -> String {
        let name = location.qualifiedName
        func refuse(_ reason: String) -> KerasImportError {
            .unsupportedGraph(file: file, layer: name, className: layer.className, reason: reason)
        }
        guard call.arguments.count == 2 else { throw refuse("an operation node with \(call.arguments.count) argument(s)") }
        let constant: Double?
        switch (call.arguments[0], call.arguments[1]) {
        case (.tensor, .tensor): constant = nil
        case let (.tensor, .number(value)): constant = value
        case let (.number(value), .tensor) where layer.className != "Subtract": constant = value
        default: throw refuse("operation arguments must be a tensor and a number, or two tensors")
        }
        try requireNoWeights(location)
        let op: Op
        switch (layer.className, constant) {
        case ("Add", nil): op = .add
        case ("Multiply", nil): op = .mul
        case let ("Add", value?): op = .rescale(scale: 1, offset: Float(value))
        case let ("Subtract", value?): op = .rescale(scale: 1, offset: -Float(value))
        case let ("Multiply", value?): op = .rescale(scale: Float(value), offset: 0)
        default: throw KerasImportError.unsupportedLayer(file: file, layer: name, className: layer.className)
        }
        try emit(Node(name: name, op: op, inputs: inputs, outputs: [name]), tensors: [], location: location)
        return name
    }

    /// tf.keras 2 `TFOpLambda` layers wrapping a TensorFlow function with a constant keyword
    /// argument `y`: `__operators__.add` / `math.add` → `rescale(1, y)`, `math.subtract` /
    /// `__operators__.sub` → `rescale(1, -y)`, `math.multiply` / `__operators__.mul` →
    /// `rescale(y, 0)`. Anything else (and a tensor `y`) is refused.
    mutating func translateTFOpLambda(_ settings: KerasLayerSettings, location: KerasLayerLocation, call: KerasCall,
                                      input: String) throws -> String {
        let function = try settings.string("function")
        guard let y = call.keywordArguments["y"]?.number else {
            throw settings.unsupported("TensorFlow function '\(function)' without a numeric constant 'y'")
        }
        let op: Op
        switch function {
        case "__operators__.add", "math.add": op = .rescale(scale: 1, offset: Float(y))
        case "__operators__.sub", "math.subtract": op = .rescale(scale: 1, offset: -Float(y))
        case "__operators__.mul", "math.multiply": op = .rescale(scale: Float(y), offset: 0)
        default: throw settings.unsupported("TensorFlow function '\(function)'")
        }
        try requireNoWeights(location)
        let name = location.qualifiedName
        try emit(Node(name: name, op: op, inputs: [input], outputs: [name]), tensors: [], location: location)
        return name
    }
}
