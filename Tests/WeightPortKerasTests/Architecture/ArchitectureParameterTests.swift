import Testing
import WeightPortKeras

/// Parameter totals at α 1.0, 224×224, 1000 classes — Keras' `count_params()` split into
/// trainable, batch-norm statistics, and the paper-style count without batch norm.
@Suite("Architecture: parameter totals at alpha 1.0, 224, 1000 classes")
struct ArchitectureParameterTests {
    @Test("totals", arguments: [
        (KerasArchitecture.mobilenetV1, 4_253_864, 4_231_976, 21_888, 4_210_088),
        (.mobilenetV2, 3_538_984, 3_504_872, 34_112, 3_470_760),
        (.mobilenetV3Small, 2_554_968, 2_542_856, 12_112, 2_530_744),
        (.mobilenetV3Large, 5_507_432, 5_483_032, 24_400, 5_458_632),
    ])
    func totals(_ architecture: KerasArchitecture, _ total: Int, _ trainable: Int, _ statistics: Int, _ paper: Int) throws {
        let count = try KerasArchitectureConfig.parameterCount(for: ArchitectureSpec(architecture))
        #expect(count == KerasParameterCount(
            total: total, trainable: trainable, nonTrainable: statistics, withoutBatchNorm: paper))
    }
}
