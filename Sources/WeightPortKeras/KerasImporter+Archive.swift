import Foundation
import WeightPortDigest
import WeightPortFormat
import ZIPFoundation

extension KerasImporter {
    /// A Keras 3 `.keras` archive. `config.json` and `metadata.json` are read with ZIPFoundation;
    /// `model.weights.h5` is extracted into memory and opened as an HDF5 file image with
    /// libhdf5's core driver (`HDF5File.open(image:name:)`) rather than through a temporary file:
    /// nothing is written to disk (no clean-up on failure, works on read-only or full disks),
    /// at the price of holding the payload twice in memory while it is read (our copy and
    /// libhdf5's) — fine for the MobileNet sizes this tool targets.
    static func importArchive(at url: URL, digest: BackgroundFileDigest, options: KerasImportOptions) throws -> Model {
        let file = url.lastPathComponent
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw KerasImportError.invalidArchive(file: file, reason: "not a readable zip archive (\(error))")
        }
        func member(_ name: String) throws -> Data {
            guard let entry = archive[name] else { throw KerasImportError.invalidArchive(file: file, reason: "it has no \(name)") }
            var data = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
            } catch {
                throw KerasImportError.invalidArchive(file: file, reason: "cannot extract \(name) (\(error))")
            }
            return data
        }
        let config = try KerasModelConfig(jsonData: try member("config.json"), file: file)
        let kerasVersion = (try? JSONValue.parse(try member("metadata.json")))?["keras_version"]?.string
        let weightsFile = try HDF5File.open(image: try member("model.weights.h5"), name: file + "/model.weights.h5")
        var translator = KerasGraphTranslator(file: file, dialect: KerasDialect(kerasVersion: kerasVersion),
                                              weights: KerasV3WeightSource(root: try weightsFile.root()), sinks: tensorSinks(digest, options))
        try translator.translate(config)
        return try assemble(translator, name: config.name, url: url, digest: digest, sourceFormat: KerasFileKind.archive.rawValue,
                            frameworkVersion: frameworkVersion(kerasVersion: kerasVersion), options: options)
    }
}
