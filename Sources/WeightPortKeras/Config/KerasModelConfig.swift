import Foundation

/// A Keras model configuration (`model_config` of a legacy `.h5`, `config.json` of a `.keras`
/// archive, or `model.to_json()`): a `Functional` graph or a `Sequential` stack, in either the
/// Keras 3 or the tf.keras 2 dialect.
public struct KerasModelConfig: Sendable {
    /// `Functional` (also `Model`) or `Sequential`.
    public var className: String
    /// Model name.
    public var name: String
    /// Layer entries in the order Keras lists them (= `model.layers` order, plus operation nodes).
    public var layers: [KerasLayerConfig]
    /// Graph inputs (`input_layers`); for a `Sequential`, its first layer.
    public var inputs: [KerasTensorReference]
    /// Graph outputs (`output_layers`); for a `Sequential`, its last layer.
    public var outputs: [KerasTensorReference]

    /// Reads a configuration from parsed JSON: either `{"class_name", "config": {...}}` or the
    /// inner `config` object of a nested model entry.
    /// - Parameter file: the file name errors should name.
    /// - Throws: `KerasImportError.invalidConfig` for a missing or malformed key,
    ///   `.unsupportedLayer` when the top-level class is not a Functional or Sequential model.
    public init(json: JSONValue, file: String) throws {
        let className = json["class_name"]?.string ?? "Functional"
        guard ["Functional", "Model", "Sequential"].contains(className) else {
            throw KerasImportError.unsupportedLayer(file: file, layer: json["config"]?["name"]?.string ?? "?", className: className)
        }
        let body = json["config"] ?? json
        guard let layerList = body["layers"]?.array else {
            throw KerasImportError.invalidConfig(file: file, layer: nil, reason: "the \(className) config has no layers list")
        }
        self.className = className
        self.name = body["name"]?.string ?? "model"
        self.layers = try layerList.map { try KerasLayerConfig(json: $0, file: file) }
        if className == "Sequential" {
            guard let first = layers.first, let last = layers.last else {
                throw KerasImportError.invalidConfig(file: file, layer: name, reason: "the Sequential model has no layers")
            }
            inputs = [KerasTensorReference(layer: first.name)]
            outputs = [KerasTensorReference(layer: last.name)]
        } else {
            inputs = try Self.references(body["input_layers"], key: "input_layers", file: file, model: name)
            outputs = try Self.references(body["output_layers"], key: "output_layers", file: file, model: name)
        }
    }

    /// Reads a configuration from JSON text.
    /// - Throws: `KerasImportError.invalidConfig` when the text is not JSON or not a model config.
    public init(jsonData: Data, file: String) throws {
        let json: JSONValue
        do {
            json = try JSONValue.parse(jsonData)
        } catch {
            throw KerasImportError.invalidConfig(file: file, layer: nil, reason: "the model config is not valid JSON (\(error))")
        }
        try self.init(json: json, file: file)
    }

    /// `["name", 0, 0]` (Keras 3, one tensor) or `[["name", 0, 0], ...]`.
    private static func references(_ value: JSONValue?, key: String, file: String, model: String) throws -> [KerasTensorReference] {
        guard let value else { throw KerasImportError.invalidConfig(file: file, layer: model, reason: "no \(key)") }
        if let single = KerasTensorReference(list: value) { return [single] }
        guard let items = value.array, !items.isEmpty else {
            throw KerasImportError.invalidConfig(file: file, layer: model, reason: "\(key) is empty or malformed")
        }
        return try items.map { item in
            guard let reference = KerasTensorReference(list: item) else {
                throw KerasImportError.invalidConfig(file: file, layer: model, reason: "\(key) holds a malformed entry")
            }
            return reference
        }
    }
}
