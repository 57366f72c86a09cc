import Foundation
import Synchronization
import WeightPortFormat
import WeightPortONNX

/// The repository's `Fixtures/` folder and `Fixtures/onnx/MANIFEST.json`.
enum ONNXFixtures {
    /// `Fixtures/` at the repository root, found from this file's path.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// `Fixtures/onnx/hostile/`: tiny crafted files the importer must refuse.
    static let hostile = root.appendingPathComponent("onnx/hostile")

    /// One manifest entry.
    struct Entry: Decodable, Sendable, CustomStringConvertible {
        let id: String
        let file: String
        let sha256: String
        let kind: String
        let exporter: String
        let frameworkVersion: String
        let opset: Int
        let arch: String
        let inputSize: Int
        let classes: Int
        let weightsDtype: String
        let externalData: Bool
        let keepInitializersAsInputs: Bool
        let paramCount: Int
        let inputs: String
        let expected: String

        enum CodingKeys: String, CodingKey {
            case id, file, sha256, kind, exporter, opset, arch, classes, inputs, expected
            case frameworkVersion = "framework_version", inputSize = "input_size", weightsDtype = "weights_dtype"
            case externalData = "external_data", keepInitializersAsInputs = "keep_initializers_as_inputs", paramCount = "param_count"
        }

        var url: URL { ONNXFixtures.root.appendingPathComponent(file) }
        var description: String { id }
    }

    private struct Manifest: Decodable {
        let fixtures: [Entry]
    }

    /// Every entry of `Fixtures/onnx/MANIFEST.json` (empty when it is missing; a test checks that
    /// it is not).
    static let entries: [Entry] = {
        guard let data = try? Data(contentsOf: root.appendingPathComponent("onnx/MANIFEST.json")),
              let manifest = try? JSONDecoder().decode(Manifest.self, from: data) else { return [] }
        return manifest.fixtures
    }()

    private static let imported = Mutex<[String: Model]>([:])

    /// The imported model of `entry`, imported once per test run (an import hashes and copies the
    /// whole file; many tests read the same model).
    static func model(_ entry: Entry) throws -> Model {
        if let model = imported.withLock({ $0[entry.id] }) { return model }
        let model = try ONNXImporter.importModel(at: entry.url)
        imported.withLock { $0[entry.id] = model }
        return model
    }

    /// The imported model of the entry with `id`.
    static func model(_ id: String) throws -> Model {
        guard let entry = entry(id) else { throw MissingFixture(id: id) }
        return try model(entry)
    }

    struct MissingFixture: Error { let id: String }

    /// The entry with `id`.
    static func entry(_ id: String) -> Entry? { entries.first { $0.id == id } }

    /// A little-endian `<f4` C-order `.npy` file (version 1.0), as the fixture generator writes.
    static func loadNpy(_ path: String) throws -> NDArray {
        let data = try Data(contentsOf: root.appendingPathComponent(path))
        let bytes = [UInt8](data)
        struct Malformed: Error { let path: String }
        guard bytes.count > 10, bytes[0] == 0x93, bytes[6] == 1 else { throw Malformed(path: path) }
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        guard let header = String(bytes: bytes[10..<(10 + headerLength)], encoding: .ascii), header.contains("'<f4'"),
              header.contains("'fortran_order': False"), let open = header.firstIndex(of: "("), let close = header.firstIndex(of: ")") else {
            throw Malformed(path: path)
        }
        let shape = header[header.index(after: open)..<close].split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let start = 10 + headerLength
        let count = shape.reduce(1, *)
        guard bytes.count == start + count * 4 else { throw Malformed(path: path) }
        let values = bytes[start...].withUnsafeBytes { buffer in
            (0..<count).map { Float(bitPattern: UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
        return try NDArray(shape: shape, values: values)
    }
}
