import Foundation
import WeightPortDigest
import WeightPortFormat

extension KerasImporter {
    /// A legacy full-model `.h5`: configuration in the root attribute `model_config` (split into
    /// `model_config0`, `model_config1`, ... when over 64 KB), weights under `model_weights`.
    static func importLegacyModel(root: HDF5Group, url: URL, digest: BackgroundFileDigest, options: KerasImportOptions) throws -> Model {
        let file = url.lastPathComponent
        let configText = try splitAttribute("model_config", of: root)
        let config = try KerasModelConfig(jsonData: Data(configText.utf8), file: file)
        let kerasVersion = try root.attribute("keras_version")?.string()
        let weights = LegacyWeightSource(root: try root.group("model_weights"))
        var translator = KerasGraphTranslator(file: file, dialect: KerasDialect(kerasVersion: kerasVersion), weights: weights,
                                              sinks: tensorSinks(digest, options))
        try translator.translate(config)
        return try assemble(translator, name: config.name, url: url, digest: digest, sourceFormat: "keras_h5",
                            frameworkVersion: frameworkVersion(kerasVersion: kerasVersion), options: options)
    }

    /// A string attribute, or the concatenation of `name0`, `name1`, ... when Keras split it.
    static func splitAttribute(_ name: String, of group: HDF5Group) throws -> String {
        if let attribute = try group.attribute(name) { return try attribute.strings().joined() }
        var text = ""
        var index = 0
        while let part = try group.attribute("\(name)\(index)") {
            text += try part.strings().joined()
            index += 1
        }
        guard index > 0 else { throw KerasImportError.missingObject(file: group.file.name, object: group.path + "@" + name) }
        return text
    }
}
