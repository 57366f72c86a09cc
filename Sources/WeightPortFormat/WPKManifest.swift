import Foundation

/// The UTF-8 JSON manifest of a WPK file (schema: `Schemas/wpk-manifest.schema.json`):
/// `{"format_version", "model", "tensors", "provenance", "reference"?}`. Unknown keys are ignored
/// when decoding, so files of a newer minor version read.
struct WPKManifest: Codable {
    /// `"major.minor"`; must agree with the header.
    var formatVersion: String
    /// The graph.
    var model: WPKGraph
    /// Stored weights, in data-section order.
    var tensors: [WPKTensorEntry]
    /// Where the model came from.
    var provenance: Provenance
    /// Embedded reference vectors, stored after the weights.
    var reference: WPKReferenceEntry?

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version"
        case model, tensors, provenance, reference
    }

    /// Every tensor entry in the order its bytes lie in the data section: the weights, then the
    /// reference inputs and expected outputs.
    var storedTensors: [WPKTensorEntry] {
        tensors + (reference.map { [$0.inputs, $0.expected] } ?? [])
    }

    /// Deterministic JSON: sorted keys, no insignificant whitespace, slashes unescaped; byte for
    /// byte what `JSONEncoder` writes for the manifest, written by `SortedJSONEncoder` on one thread
    /// (a MobileNetV2 manifest, 74 KB: ~2 ms; `JSONEncoder` took ~6 ms, ~3.7 ms split over two
    /// threads). O(manifest).
    /// - Throws: `FormatError.invalidModel` when a value has no JSON form (a non-finite float attribute).
    func encoded() throws -> [UInt8] {
        do {
            return try SortedJSONEncoder.encode(self)
        } catch {
            throw FormatError.invalidModel(reason: "cannot write the manifest: \(error)")
        }
    }
}

extension WPKManifest {
    /// Decodes manifest JSON.
    /// - Throws: `FormatError.invalidWPK` naming the JSON path of the first problem.
    init(decoding bytes: UnsafeRawBufferPointer, path: String) throws {
        do {
            self = try JSONDecoder().decode(Self.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw FormatError.invalidWPK(file: path, reason: "manifest: \(Self.describe(error))")
        } catch {
            throw FormatError.invalidWPK(file: path, reason: "manifest: \(error)")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func location(_ path: [any CodingKey]) -> String {
            let text = path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "top level" : String(text.drop { $0 == "." })
        }
        switch error {
        case let .keyNotFound(key, context):
            return "\(location(context.codingPath + [key])) is missing"
        case let .typeMismatch(type, context):
            return "\(location(context.codingPath)) is not a \(type): \(context.debugDescription)"
        case let .valueNotFound(_, context), let .dataCorrupted(context):
            return "\(location(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
