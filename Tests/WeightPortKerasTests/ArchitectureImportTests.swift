import Foundation
import Testing
import WeightPortFormat
@testable import WeightPortKeras

/// Weights-only files need an architecture; a wrong one is reported with what would fit.
@Suite struct ArchitectureImportTests {
    static let weightsOnly = Fixtures.keras.filter { $0.rebuildArgs != nil }

    @Test(arguments: weightsOnly)
    func aWeightsOnlyFileWithoutArchitectureIsArchitectureRequired(_ entry: Fixtures.Entry) {
        #expect(throws: KerasImportError.architectureRequired(file: entry.url.lastPathComponent)) {
            try KerasImporter.importModel(at: entry.url)
        }
    }

    @Test(arguments: weightsOnly)
    func aWrongAlphaIsAShapeMismatchThatNamesTheFittingAlpha(_ entry: Fixtures.Entry) throws {
        var spec = try #require(try entry.architecture())
        let original = spec.alpha
        spec.alpha = try #require(spec.architecture.pretrainedAlphas.first { $0 != original && $0 > 0.5 })
        do {
            _ = try KerasImporter.importWeights(at: entry.url, architecture: spec)
            Issue.record("imported \(entry.id) with alpha \(spec.alpha)")
        } catch let KerasImportError.weightShapeMismatch(file, _, _, _, expected, stored, hint) {
            #expect(file == entry.url.lastPathComponent)
            #expect(expected != stored)
            #expect(hint?.contains("alpha \(original)") == true, "hint: \(hint ?? "none")")
        }
    }

    @Test(arguments: weightsOnly.filter { $0.includeTop == true })
    func aWrongNumberOfClassesNamesTheStoredOne(_ entry: Fixtures.Entry) throws {
        var spec = try #require(try entry.architecture())
        let classes = spec.classes
        spec.classes = classes + 1
        do {
            _ = try KerasImporter.importWeights(at: entry.url, architecture: spec)
            Issue.record("imported \(entry.id) with \(spec.classes) classes")
        } catch let KerasImportError.weightShapeMismatch(_, _, _, _, _, stored, hint) {
            #expect(stored.last == classes)
            #expect(hint?.contains("classes \(classes)") == true, "hint: \(hint ?? "none")")
        }
    }

    @Test func anInvalidSpecIsInvalidArchitecture() throws {
        let spec = ArchitectureSpec(.mobilenetV2, alpha: -1)
        #expect {
            try KerasImporter.importWeights(at: Fixtures.errorFile("tiny_valid.h5"), architecture: spec)
        } throws: { error in
            if case .invalidArchitecture = error as? KerasImportError { true } else { false }
        }
    }
}
