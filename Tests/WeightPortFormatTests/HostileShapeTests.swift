import Foundation
import Testing
import WeightPortFormat

/// Shape inference on graphs read from hostile files throws `shapeMismatch`; it never traps on
/// overflow (the CLI must not crash on any input).
@Suite struct HostileShapeTests {
    /// The tiny model's file with node `index`'s attributes edited, opened again.
    func opened(node index: Int, _ edit: (inout [String: Any]) -> Void) throws -> Model {
        var surgery = try WPKSurgery(try WPKWriter.encode(TinyModel.make()))
        var model = surgery.manifest["model"] as? [String: Any] ?? [:]
        var nodes = model["nodes"] as? [[String: Any]] ?? []
        var attributes = nodes[index]["attributes"] as? [String: Any] ?? [:]
        edit(&attributes)
        nodes[index]["attributes"] = attributes
        model["nodes"] = nodes
        surgery.manifest["model"] = model
        return try WPKFile(bytes: try surgery.assemble()).model
    }

    func expectShapeMismatch(_ model: Model, inputShapes: [String: [Int]] = [:]) {
        #expect { try model.inferShapes(inputShapes: inputShapes) } throws: { error in
            guard case FormatError.shapeMismatch = error else { return false }
            return true
        }
    }

    @Test func hugeWindowAttributesThrow() throws {
        expectShapeMismatch(try opened(node: 0) { $0["strides"] = [Int.max, 1] })
        expectShapeMismatch(try opened(node: 0) { $0["dilations"] = [1, Int.max] })
        expectShapeMismatch(try opened(node: 0) { $0["padding"] = [Int.max, 0, Int.max, 0] })
        expectShapeMismatch(try opened(node: 0) { $0["groups"] = Int.max })
    }

    @Test func hugeInputSizesThrow() throws {
        let model = try TinyModel.make()
        expectShapeMismatch(model, inputShapes: ["image": [1, Int.max, 4, 3]])
        expectShapeMismatch(model, inputShapes: ["image": [1, 1 << 31, 4, 3]])
    }

    @Test func hugePadsReshapesAndFlattensThrow() throws {
        let provenance = try TinyModel.make().provenance
        func model(_ op: Op) throws -> Model {
            try Model(name: "m", inputs: [ValueInfo(name: "x", shape: [-1, 4, 4, 3], sourceLayout: .nhwc)],
                      outputs: [ValueInfo(name: "y", shape: [-1], sourceLayout: .plain)],
                      nodes: [Node(name: "n", op: op, inputs: ["x"], outputs: ["y"])], tensors: [], provenance: provenance)
        }
        expectShapeMismatch(try model(.pad(top: Int.max, left: 0, bottom: 1, right: 0, value: 0)))
        expectShapeMismatch(try model(.reshape(shape: [1 << 40, 1 << 40, -1])))
        expectShapeMismatch(try model(.flatten), inputShapes: ["x": [1, 1 << 40, 1 << 40, 3]])
        expectShapeMismatch(try model(.reshape(shape: [-1])), inputShapes: ["x": [1, 1 << 40, 1 << 40, 3]])
    }
}
