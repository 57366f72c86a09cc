import Foundation
import Testing
import WeightPortFormat
@testable import WeightPortKeras

/// One model saved as `.h5`, `.keras` and `.weights.h5` gives the same canonical model: the same
/// tensors (names, shapes, dtypes, bytes) and the same ops in the same order.
@Suite struct CrossKindTests {
    /// Fixtures of one weight family, framework and dtype, in at least two kinds.
    static let groups: [[Fixtures.Entry]] = {
        let grouped = Dictionary(grouping: Fixtures.keras) { "\($0.weightFamily ?? $0.id)|\($0.framework ?? "")|\($0.weightsDtype ?? "")" }
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
            #expect(other.nodes.map(\.op) == reference.nodes.map(\.op), "\(entry.id) vs \(group[0].id)")
        }
    }
}
