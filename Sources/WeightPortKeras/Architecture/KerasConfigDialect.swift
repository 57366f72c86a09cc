/// The two spellings of a Keras 3 Functional config.
public enum KerasConfigDialect: Sendable, CaseIterable {
    /// `model.to_json()`: every layer entry carries `module`, `registered_name` and (for built
    /// layers) `build_config`; operation nodes say `"module": "keras.src.ops.numpy"`.
    /// The `config.json` of a `.keras` archive is the same except that Keras adds a
    /// `"shared_object_id": <Python object id>` to each dtype policy — a per-process number
    /// that carries no meaning and that WeightPort does not write.
    case modelJSON
    /// The `model_config` attribute of a Keras 3 legacy `model.save("m.h5")`: layer entries
    /// have only `class_name`, `config`, `name` and `inbound_nodes`, so an operation node looks
    /// like a merge layer of the same class (tell them apart by their arguments), and the model
    /// itself has only `class_name` and `config`.
    case legacyH5
}
