/// Typed access to one layer's `config` object; every malformed or unsupported value becomes a
/// `KerasImportError` naming the file, the layer and its class.
struct KerasLayerSettings {
    let file: String
    let layer: String
    let className: String
    let config: JSONValue

    init(file: String, layer: String, layerConfig: KerasLayerConfig) {
        self.file = file
        self.layer = layer
        self.className = layerConfig.className
        self.config = layerConfig.config
    }

    func invalid(_ reason: String) -> KerasImportError {
        .invalidConfig(file: file, layer: layer, reason: "\(className): \(reason)")
    }

    func unsupported(_ reason: String) -> KerasImportError {
        .unsupportedSetting(file: file, layer: layer, className: className, reason: reason)
    }

    /// Whether the key is present and not `null`.
    func has(_ key: String) -> Bool { config[key].map { !$0.isNull } ?? false }

    func string(_ key: String, default fallback: String? = nil) throws -> String {
        if let value = config[key]?.string { return value }
        if let fallback, !has(key) { return fallback }
        throw invalid("'\(key)' is missing or not a string")
    }

    func bool(_ key: String, default fallback: Bool) throws -> Bool {
        guard has(key) else { return fallback }
        guard let value = config[key]?.bool else { throw invalid("'\(key)' is not a Boolean") }
        return value
    }

    func number(_ key: String) throws -> Double {
        guard let value = config[key]?.number else { throw invalid("'\(key)' is missing or not a number") }
        return value
    }

    /// A Float setting that must be representable exactly enough to mean what Keras computes:
    /// Keras itself rounds these to float32 when it builds the layer.
    func float(_ key: String, default fallback: Float? = nil) throws -> Float {
        if let fallback, !has(key) { return fallback }
        return Float(try number(key))
    }

    func int(_ key: String, default fallback: Int? = nil) throws -> Int {
        if let fallback, !has(key) { return fallback }
        guard let value = config[key]?.integer else { throw invalid("'\(key)' is missing or not an integer") }
        return value
    }

    /// An `(int, int)` setting written as a two-element list or a single integer.
    func pair(_ key: String, default fallback: (Int, Int)? = nil) throws -> (Int, Int) {
        if let fallback, !has(key) { return fallback }
        if let single = config[key]?.integer { return (single, single) }
        guard let items = config[key]?.array, items.count == 2, let first = items[0].integer, let second = items[1].integer else {
            throw invalid("'\(key)' is not an integer or a pair of integers")
        }
        return (first, second)
    }

    /// A list of integers (`target_shape`), where `null` is not allowed.
    func integers(_ key: String) throws -> [Int] {
        guard let items = config[key]?.array else { throw invalid("'\(key)' is missing or not a list") }
        return try items.map { item in
            guard let value = item.integer else { throw invalid("'\(key)' holds \(item), not an integer") }
            return value
        }
    }

    /// Requires `data_format` to be absent or `channels_last` (the only layout Keras uses on CPU
    /// and the canonical one).
    func requireChannelsLast() throws {
        let format = try string("data_format", default: "channels_last")
        guard format == "channels_last" else { throw unsupported("data_format '\(format)' (only channels_last)") }
    }
}
