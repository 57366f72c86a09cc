import Foundation
import Testing
@testable import WeightPortKeras

/// Every rule of ``ArchitectureSpec/validate()``: one test per ``ArchitectureError`` case, each
/// thrown (never trapped) by every public entry point.
@Suite("Architecture: spec validation")
struct ArchitectureSpecTests {
    func expectError(_ expected: ArchitectureError, _ spec: ArchitectureSpec) {
        #expect(throws: expected) { try KerasArchitectureConfig.modelConfig(for: spec) }
        #expect(throws: expected) { try KerasArchitectureConfig.expectedWeights(for: spec) }
        #expect(throws: expected) { try KerasArchitectureConfig.parameterCount(for: spec) }
        #expect(!expected.description.isEmpty)
    }

    @Test("Keras' defaults are valid for every architecture", arguments: KerasArchitecture.allCases)
    func defaultsAreValid(_ architecture: KerasArchitecture) throws {
        try ArchitectureSpec(architecture).validate()
    }

    @Test("alpha must be positive and finite", arguments: [0.0, -0.5, .nan, .infinity])
    func alphaNotPositive(_ alpha: Double) {
        let spec = ArchitectureSpec(.mobilenetV2, alpha: alpha)
        #expect(throws: ArchitectureError.self) { try spec.validate() }
        if !alpha.isNaN { expectError(.alphaNotPositive(alpha), spec) }
    }

    @Test("alpha above WeightPort's bound is refused rather than overflowing")
    func alphaTooLarge() {
        expectError(.alphaTooLarge(1e300), ArchitectureSpec(.mobilenetV1, alpha: 1e300))
    }

    @Test("v1 alpha below 1/32 leaves conv1 without filters")
    func filtersRoundToZero() {
        expectError(.filtersRoundToZero(layer: "conv1", alpha: 0.03), ArchitectureSpec(.mobilenetV1, alpha: 0.03))
        #expect(throws: Never.self) { try ArchitectureSpec(.mobilenetV2, alpha: 0.03).validate() }
    }

    @Test("input size must be at least 32", arguments: KerasArchitecture.allCases)
    func inputSizeTooSmall(_ architecture: KerasArchitecture) {
        expectError(.inputSizeTooSmall(31), ArchitectureSpec(architecture, inputSize: 31))
        #expect(throws: Never.self) { try ArchitectureSpec(architecture, inputSize: 32).validate() }
    }

    @Test("input size above WeightPort's bound is refused")
    func inputSizeTooLarge() {
        expectError(.inputSizeTooLarge(1 << 20), ArchitectureSpec(.mobilenetV3Small, inputSize: 1 << 20))
    }

    @Test("classes must be at least 1 with the top, and are ignored without it")
    func classesOutOfRange() {
        expectError(.classesOutOfRange(0), ArchitectureSpec(.mobilenetV1, classes: 0))
        expectError(.classesOutOfRange(Int.max), ArchitectureSpec(.mobilenetV1, classes: Int.max))
        #expect(throws: Never.self) { try ArchitectureSpec(.mobilenetV1, classes: 0, includeTop: false).validate() }
    }

    @Test("pooling needs includeTop == false")
    func poolingWithTop() {
        expectError(.poolingWithTop, ArchitectureSpec(.mobilenetV2, pooling: .avg))
    }

    @Test("minimalistic and include_preprocessing exist only for v3")
    func optionNotSupported() {
        expectError(
            .optionNotSupported(option: "minimalistic", architecture: .mobilenetV1),
            ArchitectureSpec(.mobilenetV1, minimalistic: true))
        expectError(
            .optionNotSupported(option: "include_preprocessing", architecture: .mobilenetV2),
            ArchitectureSpec(.mobilenetV2, includePreprocessing: false))
        expectError(
            .optionNotSupported(option: "depth_multiplier", architecture: .mobilenetV3Large),
            ArchitectureSpec(.mobilenetV3Large, depthMultiplier: 2))
        expectError(
            .optionNotSupported(option: "dropout", architecture: .mobilenetV2),
            ArchitectureSpec(.mobilenetV2, dropout: 0.1))
    }

    @Test("depth multiplier must be between 1 and the bound")
    func depthMultiplierOutOfRange() {
        expectError(.depthMultiplierOutOfRange(0), ArchitectureSpec(.mobilenetV1, depthMultiplier: 0))
        expectError(.depthMultiplierOutOfRange(1000), ArchitectureSpec(.mobilenetV1, depthMultiplier: 1000))
    }

    @Test("dropout must lie in [0, 1)")
    func dropoutOutOfRange() {
        expectError(.dropoutOutOfRange(1.0), ArchitectureSpec(.mobilenetV3Small, dropout: 1.0))
        expectError(.dropoutOutOfRange(-0.1), ArchitectureSpec(.mobilenetV1, dropout: -0.1))
    }

    @Test("the classifier activation must be a Keras 3 name; None is linear, aliases resolve")
    func unknownActivation() {
        expectError(.unknownActivation("sofmax"), ArchitectureSpec(.mobilenetV2, classifierActivation: "sofmax"))
        #expect(ArchitectureSpec(.mobilenetV2, classifierActivation: nil).serializedClassifierActivation == "linear")
        #expect(ArchitectureSpec(.mobilenetV2, classifierActivation: "hard_swish").serializedClassifierActivation == "hard_silu")
        #expect(throws: Never.self) {
            try ArchitectureSpec(.mobilenetV2, includeTop: false, classifierActivation: "sofmax").validate()
        }
    }

    @Test("model names are Keras'")
    func modelNames() {
        #expect(ArchitectureSpec(.mobilenetV1, alpha: 0.25, inputSize: 128).modelName == "mobilenet_0.25_128")
        #expect(ArchitectureSpec(.mobilenetV2, alpha: 1.4).modelName == "mobilenetv2_1.40_224")
        #expect(ArchitectureSpec(.mobilenetV2, alpha: 0.35, inputSize: 96).modelName == "mobilenetv2_0.35_96")
        #expect(ArchitectureSpec(.mobilenetV3Small).modelName == "MobileNetV3Small")
        #expect(ArchitectureSpec(.mobilenetV3Large).modelName == "MobileNetV3Large")
    }

    @Test("CLI names round-trip through the raw value")
    func cliNames() {
        #expect(KerasArchitecture.allCases.map(\.rawValue)
            == ["mobilenet_v1", "mobilenet_v2", "mobilenet_v3_small", "mobilenet_v3_large"])
        #expect(KerasArchitecture(rawValue: "mobilenet_v3_small") == .mobilenetV3Small)
        #expect(ArchitectureSpec.Pooling(rawValue: "max") == .max)
    }
}
