/// Comparing a file's weights with an architecture, and finding the specs a file fits — so an
/// importer can say "tensor 'conv_pw_1/kernel' has shape [1, 1, 16, 32] but mobilenet_v1
/// α 0.25 needs [1, 1, 16, 8]; the file fits mobilenet_v1 α 1.0 with 1000 classes".
extension KerasArchitectureConfig {
    /// Every difference between `shapes` (variable path, e.g. `conv1/kernel`, → shape in
    /// Keras' layout) and the weights `spec` expects, in `model.layers` order, then the
    /// unexpected paths sorted. Empty when the file fits. O(layers + shapes).
    /// - Throws: ``ArchitectureError`` if the spec is invalid.
    public static func mismatches(
        for spec: ArchitectureSpec, shapes: [String: [Int]]
    ) throws(ArchitectureError) -> [KerasWeightMismatch] {
        var result: [KerasWeightMismatch] = []
        var expectedPaths = Set<String>()
        for layer in try expectedWeights(for: spec) {
            for variable in layer.variables {
                expectedPaths.insert(variable.path)
                switch shapes[variable.path] {
                case nil: result.append(.missing(path: variable.path, expected: variable.shape))
                case let found? where found != variable.shape:
                    result.append(.wrongShape(path: variable.path, expected: variable.shape, found: found))
                default: break
                }
            }
        }
        for path in shapes.keys.sorted() where !expectedPaths.contains(path) {
            result.append(.unexpected(path: path, found: shapes[path]!))
        }
        return result
    }

    /// Specs whose expected weights are exactly `shapes` (variable path → shape): the
    /// architectures, alphas, top/no top, class counts, minimalistic variants and v1 depth
    /// multipliers a weights-only file can be read as.
    ///
    /// Weights do not depend on the input size, pooling, preprocessing, dropout or classifier
    /// activation; those are taken from `template` (Keras' defaults unless given). Alphas tried:
    /// the published ones first, then 0.05 to 3.0 in steps of 0.05. Every spec returned fits
    /// equally well (shapes cannot tell them apart); published alphas come first. Costs one
    /// ``expectedWeights(for:)`` per alpha whose first alpha-scaled layer fits, a handful.
    public static func specs(
        fitting shapes: [String: [Int]],
        architectures: [KerasArchitecture] = KerasArchitecture.allCases,
        template: ArchitectureSpec = ArchitectureSpec(.mobilenetV2)
    ) -> [ArchitectureSpec] {
        var found: [ArchitectureSpec] = []
        for architecture in architectures {
            let classifier: String = switch architecture {
            case .mobilenetV1: "conv_preds/kernel"
            case .mobilenetV2: "predictions/kernel"
            case .mobilenetV3Small, .mobilenetV3Large: "logits/kernel"
            }
            var spec = template
            spec.architecture = architecture
            spec.includeTop = shapes[classifier] != nil
            if let kernel = shapes[classifier], let classes = kernel.last { spec.classes = classes }
            if spec.includeTop { spec.pooling = nil }
            if !architecture.isV3 { spec.minimalistic = false; spec.includePreprocessing = true }
            if architecture == .mobilenetV2 { spec.dropout = nil }
            spec.depthMultiplier = architecture == .mobilenetV1 ? (shapes["conv_dw_1/kernel"]?.last ?? 1) : 1
            let grid = (1...60).map { Double($0) / 20 }
            let alphas = architecture.pretrainedAlphas
                + grid.filter { a in !architecture.pretrainedAlphas.contains { abs($0 - a) < 1e-9 } }
            for minimalistic in architecture.isV3 ? [false, true] : [false] {
                spec.minimalistic = minimalistic
                for alpha in alphas where firstWidthFits(architecture, alpha: alpha, shapes: shapes) {
                    spec.alpha = alpha
                    guard let mismatches = try? mismatches(for: spec, shapes: shapes), mismatches.isEmpty else {
                        continue
                    }
                    found.append(spec)
                }
            }
        }
        return found
    }

    /// Whether the first layer whose width depends on alpha has the width `alpha` gives it —
    /// a cheap filter before building the whole architecture.
    private static func firstWidthFits(
        _ architecture: KerasArchitecture, alpha: Double, shapes: [String: [Int]]
    ) -> Bool {
        switch architecture {
        case .mobilenetV1:
            shapes["conv1/kernel"]?.last == Int(32 * alpha)
        case .mobilenetV2:
            shapes["Conv1/kernel"]?.last == MobileNetV2Graph.makeDivisible(32 * alpha)
        case .mobilenetV3Small, .mobilenetV3Large:
            shapes["expanded_conv_project/kernel"]?.last == MobileNetV3Graph.depth(16 * alpha)
        }
    }
}
