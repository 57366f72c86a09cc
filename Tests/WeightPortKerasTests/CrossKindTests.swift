import Foundation
import Testing
import WeightPortFormat
@testable import WeightPortKeras

/// One model saved as `.h5`, `.keras` and `.weights.h5` gives the same canonical model: the same
/// tensors (names, shapes, dtypes, bytes) and the same ops in the same order.
@Suite struct CrossKindTests {
    /// Fixtures of one model (weight family, framework, dtype and head settings) in at least two kinds.
    static let groups: [[Fixtures.Entry]] = {
        let grouped = Dictionary(grouping: Fixtures.keras) { entry in
            [entry.weightFamily ?? entry.id, entry.framework ?? "", entry.weightsDtype ?? "", entry.classifierActivation ?? "none",
             entry.pooling ?? "none", "\(entry.includeTop ?? true)"].joined(separator: "|")
        }
        return grouped.values.filter { Set($0.map(\.kind)).count > 1 }.map { $0.sorted { $0.kind < $1.kind } }.sorted { $0[0].id < $1[0].id }
    }()

    @Test func someModelIsSavedInThreeKinds() {
        #expect(Self.groups.contains { Set($0.map(\.kind)) == ["keras_h5", "keras_v3", "keras_weights_h5"] })
    }

    @Test(arguments: groups)
    func everyKindOfOneModelGivesBitIdenticalTensors(_ group: [Fixtures.Entry]) throws {
        let reference = try Fixtures.model(group[0])
        for entry in group.dropFirst() {
            let other = try Fixtures.model(entry)
            #expect(other.tensors.map(\.name) == reference.tensors.map(\.name), "\(entry.id) vs \(group[0].id)")
            for (a, b) in zip(reference.tensors, other.tensors) {
                #expect(a.shape == b.shape && a.dtype == b.dtype && a.layout == b.layout, "\(a.name)")
                #expect(a.storage.bytes.elementsEqual(b.storage.bytes), "\(entry.id): \(a.name) differs from \(group[0].id)")
            }
            #expect(other.nodes.count == reference.nodes.count, "\(entry.id) vs \(group[0].id)")
            let firstDifference = zip(other.nodes, reference.nodes).first { $0.op != $1.op }
            #expect(firstDifference == nil, "\(entry.id): node \(firstDifference?.0.name ?? "") differs from \(group[0].id)")
        }
    }
}
