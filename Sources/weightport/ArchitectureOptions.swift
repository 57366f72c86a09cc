import ArgumentParser
import WeightPortKeras

/// `--arch` and its companions: the architecture of a weights-only Keras file, or of a model
/// inspected with no file at all. Defaults are Keras' own.
struct ArchitectureOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Architecture of a weights-only file (\(KerasArchitecture.allCases.map(\.rawValue).joined(separator: "|"))).",
                               valueName: "name"))
    var arch: String?

    @Option(help: "Width multiplier α.")
    var alpha: Double = 1.0

    @Option(help: "Input height and width in pixels.")
    var inputSize: Int = 224

    @Option(help: "Number of classes of the classifier.")
    var classes: Int = 1000

    @Flag(help: "MobileNetV3 minimalistic variant (no squeeze-and-excite, no hard-swish, 3×3 kernels).")
    var minimalistic = false

    @Flag(help: "No classifier head (Keras include_top=False).")
    var noTop = false

    @Option(help: "Pooling of a head-less model: avg or max.")
    var pooling: String?

    @Flag(help: "MobileNetV3 without the Rescaling preprocessing layer (include_preprocessing=False).")
    var noPreprocessing = false

    @Option(help: "Classifier activation as Keras names it (softmax, linear, ...).")
    var classifierActivation: String = "softmax"

    /// The spec, or `nil` when `--arch` was not given.
    /// - Throws: `ValidationError` for an unknown architecture or pooling, or an invalid spec.
    func spec() throws -> ArchitectureSpec? {
        guard let arch else { return nil }
        guard let architecture = KerasArchitecture(rawValue: arch) else {
            throw ValidationError("unknown --arch '\(arch)': expected one of \(KerasArchitecture.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var poolingMode: ArchitectureSpec.Pooling?
        if let pooling {
            guard let mode = ArchitectureSpec.Pooling(rawValue: pooling) else {
                throw ValidationError("unknown --pooling '\(pooling)': expected avg or max")
            }
            poolingMode = mode
        }
        let spec = ArchitectureSpec(architecture, alpha: alpha, inputSize: inputSize, classes: classes, includeTop: !noTop,
                                    pooling: poolingMode, minimalistic: minimalistic, includePreprocessing: !noPreprocessing,
                                    classifierActivation: classifierActivation == "linear" ? nil : classifierActivation)
        do {
            try spec.validate()
        } catch {
            throw ValidationError("\(error)")
        }
        return spec
    }
}
