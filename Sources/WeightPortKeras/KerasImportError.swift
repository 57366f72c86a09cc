import WeightPortFormat

/// Everything that can go wrong while importing a Keras file. Each case names the file (its last
/// path component), and where it applies the layer, the layer's Keras class and the reason.
public enum KerasImportError: Error, Sendable, Equatable {
    /// The file does not exist or cannot be read.
    case fileNotFound(file: String)
    /// The file is not an HDF5 file (nor a `.keras` zip archive).
    case notHDF5(file: String)
    /// libhdf5 failed on an object of the file; `reason` is libhdf5's own message.
    case hdf5(file: String, object: String, reason: String)
    /// A required attribute, group or dataset is absent.
    case missingObject(file: String, object: String)
    /// An attribute or dataset holds something other than what Keras writes there.
    case invalidObject(file: String, object: String, reason: String)
    /// The `.keras` zip archive is unreadable or lacks a member.
    case invalidArchive(file: String, reason: String)
    /// The model configuration JSON is malformed or lacks a key Keras always writes.
    case invalidConfig(file: String, layer: String?, reason: String)
    /// A layer class with no canonical translation.
    case unsupportedLayer(file: String, layer: String, className: String)
    /// A supported layer class used with a setting that has no exact canonical meaning.
    case unsupportedSetting(file: String, layer: String, className: String, reason: String)
    /// The layer graph uses something the importer does not translate (shared layers, multiple
    /// outputs of one layer, an unknown inbound layer).
    case unsupportedGraph(file: String, layer: String, className: String, reason: String)
    /// A variable the layer's configuration needs is not stored in the file.
    case missingWeight(file: String, layer: String, className: String, weight: String)
    /// The file stores a variable for the layer that its configuration does not use.
    case unexpectedWeight(file: String, layer: String, className: String, weight: String)
    /// A stored variable's shape differs from the shape the configuration needs.
    case weightShapeMismatch(file: String, layer: String, className: String, tensor: String,
                             expected: [Int], stored: [Int], hint: String?)
    /// A stored variable's element type is neither float32 nor float16.
    case unsupportedDType(file: String, layer: String, className: String, tensor: String, dtype: String)
    /// The file holds weights only and no architecture was given to interpret them.
    case architectureRequired(file: String)
    /// The architecture given for a weights-only file cannot be built (`reason` says why).
    case invalidArchitecture(file: String, reason: String)
    /// The translated graph failed the canonical model's own checks.
    case invalidModel(file: String, reason: String)
}

extension KerasImportError: CustomStringConvertible {
    /// A one-line message naming file, object or layer (with class) and the reason.
    public var description: String {
        switch self {
        case let .fileNotFound(file):
            "\(file): no such file or not readable"
        case let .notHDF5(file):
            "\(file): not an HDF5 file or .keras archive"
        case let .hdf5(file, object, reason):
            "\(file): HDF5 error at '\(object)': \(reason)"
        case let .missingObject(file, object):
            "\(file): '\(object)' is missing"
        case let .invalidObject(file, object, reason):
            "\(file): '\(object)' \(reason)"
        case let .invalidArchive(file, reason):
            "\(file): invalid .keras archive: \(reason)"
        case let .invalidConfig(file, layer, reason):
            if let layer { "\(file): layer '\(layer)': invalid model config: \(reason)" } else { "\(file): invalid model config: \(reason)" }
        case let .unsupportedLayer(file, layer, className):
            "\(file): layer '\(layer)' (\(className)): layer class \(className) is not supported"
        case let .unsupportedSetting(file, layer, className, reason):
            "\(file): layer '\(layer)' (\(className)): unsupported setting: \(reason)"
        case let .unsupportedGraph(file, layer, className, reason):
            "\(file): layer '\(layer)' (\(className)): unsupported graph: \(reason)"
        case let .missingWeight(file, layer, className, weight):
            "\(file): layer '\(layer)' (\(className)): weight '\(weight)' is not in the file"
        case let .unexpectedWeight(file, layer, className, weight):
            "\(file): layer '\(layer)' (\(className)): the file stores weight '\(weight)' that the layer's config does not use"
        case let .weightShapeMismatch(file, layer, className, tensor, expected, stored, hint):
            "\(file): layer '\(layer)' (\(className)): tensor '\(tensor)' is stored with shape \(stored), the config needs \(expected)"
                + (hint.map { " (\($0))" } ?? "")
        case let .unsupportedDType(file, layer, className, tensor, dtype):
            "\(file): layer '\(layer)' (\(className)): tensor '\(tensor)' has element type \(dtype); only float32 and float16 are supported"
        case let .architectureRequired(file):
            "\(file): holds weights only; give the architecture (--arch, --alpha, --input-size, --classes)"
        case let .invalidArchitecture(file, reason):
            "\(file): invalid architecture: \(reason)"
        case let .invalidModel(file, reason):
            "\(file): the translated model is invalid: \(reason)"
        }
    }
}
