import Foundation
import Testing
@testable import WeightPortKeras

/// Every reference dump of Keras 3.15.1 in `Fixtures/keras-arch/` is reproduced exactly.
@Suite("Architecture: generated configs match Keras' own")
struct ArchitectureFixtureTests {
    static let fixtures = ArchitectureFixture.ids.map { ArchitectureFixture($0) }

    @Test("fixtures are present")
    func fixturesArePresent() {
        #expect(Self.fixtures.count >= 12, "found \(Self.fixtures.map(\.id)) in \(ArchitectureFixture.directory.path)")
    }

    @Test("the config is Keras' to_json() byte for byte", arguments: fixtures)
    func configIsByteForByte(_ fixture: ArchitectureFixture) throws {
        var json = try KerasArchitectureConfig.modelConfigJSON(for: fixture.spec(), dialect: .modelJSON)
        if try !fixture.isFullConfig() { json = strippedLikeFixture(json) }
        let difference = firstDifference(json.serialized, try fixture.configText())
        #expect(difference == nil, "\(difference ?? "")")
    }

    @Test("modelConfig(for:) returns the same bytes as to_json()", arguments: fixtures.prefix(1))
    func modelConfigBytes(_ fixture: ArchitectureFixture) throws {
        let data = try KerasArchitectureConfig.modelConfig(for: fixture.spec())
        let expected = try KerasArchitectureConfig.modelConfigJSON(for: fixture.spec(), dialect: .modelJSON)
        #expect(String(decoding: data, as: UTF8.self) == expected.serialized)
    }

    @Test("layer names and classes are Keras', in Keras' order", arguments: fixtures)
    func layerNamesAndClasses(_ fixture: ArchitectureFixture) throws {
        let keras = try Self.layerEntries(Data(fixture.configText().utf8))
        let ours = try Self.layerEntries(KerasArchitectureConfig.modelConfig(for: fixture.spec()))
        #expect(ours.map { "\($0.name):\($0.className)" } == keras.map { "\($0.name):\($0.className)" })
    }

    @Test("inbound connections are Keras'", arguments: fixtures)
    func inboundConnections(_ fixture: ArchitectureFixture) throws {
        let keras = try Self.layerEntries(Data(fixture.configText().utf8))
        let ours = try Self.layerEntries(KerasArchitectureConfig.modelConfig(for: fixture.spec()))
        #expect(ours.map(\.inbound) == keras.map(\.inbound))
    }

    @Test("layers, weights.h5 groups and weight shapes are Keras'", arguments: fixtures)
    func weightShapes(_ fixture: ArchitectureFixture) throws {
        let keras = try fixture.layers()
        let ours = try KerasArchitectureConfig.expectedWeights(for: fixture.spec())
        #expect(ours.count == keras.count)
        for (generated, theirs) in zip(ours, keras) {
            var mine = generated
            mine.outputShape = []
            guard mine != theirs else { continue }
            Issue.record("\(fixture.id): generated \(mine) but Keras has \(theirs)")
            break
        }
    }

    @Test("output shapes are those of the tensors Keras passes on", arguments: fixtures)
    func outputShapes(_ fixture: ArchitectureFixture) throws {
        let ours = Dictionary(
            uniqueKeysWithValues: try KerasArchitectureConfig.expectedWeights(for: fixture.spec()).map { ($0.layer, $0.outputShape) })
        for (producer, shape) in try Self.tensorShapes(Data(fixture.configText().utf8)) {
            guard let mine = ours[producer] else { continue }  // operation nodes are not layers
            #expect(mine == shape, "\(fixture.id): \(producer)")
        }
    }

    @Test("count_params from the expected shapes equals Keras' count_params()", arguments: fixtures)
    func countParams(_ fixture: ArchitectureFixture) throws {
        let keras = try fixture.meta()["count_params"] as! Int
        let ours = try KerasArchitectureConfig.parameterCount(for: fixture.spec())
        #expect(ours.total == keras)
        #expect(ours.trainable + ours.nonTrainable == ours.total)
    }

    @Test("the legacy .h5 model_config is Keras' byte for byte")
    func legacyH5Config() throws {
        let fixtures = Self.fixtures.filter {
            FileManager.default.fileExists(atPath: $0.url("h5config.json").path)
        }
        #expect(!fixtures.isEmpty)
        for fixture in fixtures {
            let data = try KerasArchitectureConfig.modelConfig(for: fixture.spec(), dialect: .legacyH5)
            let difference = firstDifference(String(decoding: data, as: UTF8.self), try fixture.configText("h5config.json"))
            #expect(difference == nil, "\(fixture.id): \(difference ?? "")")
        }
    }

    // MARK: Helpers

    /// Every `__keras_tensor__` of a config as (producer, shape without batch).
    static func tensorShapes(_ data: Data) throws -> [(String, [Int])] {
        let model = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        var out: [(String, [Int])] = []
        func visit(_ value: Any) {
            if let list = value as? [Any] {
                list.forEach(visit)
            } else if let dict = value as? [String: Any] {
                if let config = dict["config"] as? [String: Any], let history = config["keras_history"] as? [Any],
                   let shape = config["shape"] as? [Any] {
                    out.append((history[0] as! String, shape.dropFirst().map { $0 as! Int }))
                }
                dict.values.forEach(visit)
            }
        }
        visit(model)
        return out
    }

    struct LayerEntry {
        var name: String
        var className: String
        /// `keras_history` layer names of the inbound node's tensors, and its constants.
        var inbound: [String]
    }

    /// The layers of a Functional config, read with Foundation's parser (independent of ours).
    static func layerEntries(_ data: Data) throws -> [LayerEntry] {
        let model = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let layers = (model["config"] as! [String: Any])["layers"] as! [[String: Any]]
        return layers.map { layer in
            var inbound: [String] = []
            func visit(_ value: Any) {
                if let list = value as? [Any] {
                    list.forEach(visit)
                } else if let tensor = value as? [String: Any], let config = tensor["config"] as? [String: Any],
                          let history = config["keras_history"] as? [Any] {
                    inbound.append("\(history[0])[\(history[1])][\(history[2])]")
                } else {
                    inbound.append("\(value)")
                }
            }
            for node in layer["inbound_nodes"] as! [[String: Any]] {
                visit(node["args"]!)
            }
            return LayerEntry(name: layer["name"] as! String, className: layer["class_name"] as! String, inbound: inbound)
        }
    }
}
