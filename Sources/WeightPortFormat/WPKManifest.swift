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
    /// byte what `JSONEncoder` writes for the whole manifest. The top-level members are encoded
    /// concurrently and joined in key order: the graph and the tensor list, nearly all the bytes,
    /// take about as long each (JSONEncoder writes ~11 MB/s; a MobileNetV2 manifest took 6.5 ms
    /// on one thread, ~4 ms on two). O(manifest).
    /// - Throws: `FormatError.invalidModel` when a value has no JSON form (a non-finite float attribute).
    func encoded() throws -> [UInt8] {
        var members: [(key: CodingKeys, value: any Encodable & Sendable)] = [
            (.formatVersion, formatVersion), (.model, model), (.tensors, tensors), (.provenance, provenance),
        ]
        if let reference { members.append((.reference, reference)) }
        members.sort { $0.key.stringValue.utf8.lexicographicallyPrecedes($1.key.stringValue.utf8) }
        let encodables = members.map(\.value)
        let values: [Data]
        do {
            values = try ConcurrentMap.map(encodables.count) { index in
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                return try encoder.encode(encodables[index])
            }
        } catch {
            throw FormatError.invalidModel(reason: "cannot write the manifest: \(error)")
        }
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        bytes.reserveCapacity(values.reduce(64) { $0 + $1.count + 24 })
        for (member, value) in zip(members, values) {
            if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
            bytes += Array("\"\(member.key.stringValue)\":".utf8)
            bytes += value
        }
        bytes.append(UInt8(ascii: "}"))
        return bytes
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
