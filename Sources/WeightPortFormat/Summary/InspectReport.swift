import Foundation

/// The JSON object `weightport inspect --json` prints (see ARCHITECTURE.md, "CLI contract"):
/// `format`, `file`, `model` {`name`, `source_format`, `inputs`, `outputs`, `provenance`},
/// `layers` [{`name`, `op`, `description`, `output_shape`, `params`, `macs`, `kind`}], `totals`
/// {`params`, `trainable_params`, `non_trainable_params`, `macs`}, `breakdown` {kind: {`layers`,
/// `params`, `macs`}}, `separable` [...], and `tensors` with `--tensors`. What is counted is
/// `ModelSummary.countingRules`.
/// Keys are snake_case; every number is exact. Decodable too, so tests and tools can read it back.
public struct InspectReport: Sendable, Hashable, Codable {
    /// The file as `inspect` saw it.
    public struct File: Sendable, Hashable, Codable {
        /// File name.
        public var name: String
        /// Size in bytes, if known.
        public var sizeBytes: Int?
        /// Whether reference inputs and expected outputs are embedded.
        public var referenceVectors: Bool

        enum CodingKeys: String, CodingKey {
            case name
            case sizeBytes = "size_bytes"
            case referenceVectors = "reference_vectors"
        }
    }

    /// A model input or output.
    public struct Value: Sendable, Hashable, Codable {
        /// Value name.
        public var name: String
        /// Declared canonical (NHWC) shape; `-1` for a dimension of any size.
        public var shape: [Int]
        /// The source's layout of this value (`nhwc`, `nchw`, `plain`).
        public var layout: SourceLayout
        /// Element type.
        public var dtype: DType
    }

    /// The model: name, where it came from, inputs and outputs.
    public struct ModelInfo: Sendable, Hashable, Codable {
        /// Model name.
        public var name: String
        /// Source format (`keras_h5`, `onnx`, `architecture`, ...).
        public var sourceFormat: String
        /// Inputs.
        public var inputs: [Value]
        /// Outputs.
        public var outputs: [Value]
        /// Full provenance record.
        public var provenance: Provenance

        enum CodingKeys: String, CodingKey {
            case name, inputs, outputs, provenance
            case sourceFormat = "source_format"
        }
    }

    /// One layer.
    public struct Layer: Sendable, Hashable, Codable {
        /// Source name.
        public var name: String
        /// Canonical op name.
        public var op: String
        /// Key attributes in words (`conv2d 3×3/2 same`).
        public var description: String
        /// Output shape at batch 1.
        public var outputShape: [Int]
        /// Stored weight elements referenced (batch-norm statistics included).
        public var params: Int
        /// Multiply-accumulates for one sample.
        public var macs: Int
        /// Cost class (`standard_conv`, `depthwise_conv`, `pointwise_conv`, `dense`, `other`).
        public var kind: LayerKind

        enum CodingKeys: String, CodingKey {
            case name, op, description, params, macs, kind
            case outputShape = "output_shape"
        }
    }

    /// Summed figures.
    public struct Totals: Sendable, Hashable, Codable {
        /// Layers summed.
        public var layers: Int
        /// Stored weight elements, batch-norm statistics included.
        public var params: Int
        /// `params` without batch-norm mean and variance.
        public var trainableParams: Int
        /// Batch-norm mean and variance elements.
        public var nonTrainableParams: Int
        /// Multiply-accumulates for one sample.
        public var macs: Int

        init(_ cost: CostTotals) {
            layers = cost.layers
            params = cost.params
            trainableParams = cost.trainableParams
            nonTrainableParams = cost.nonTrainableParams
            macs = cost.macs
        }

        enum CodingKeys: String, CodingKey {
            case layers, params, macs
            case trainableParams = "trainable_params"
            case nonTrainableParams = "non_trainable_params"
        }
    }

    /// A depthwise-separable pair (see `SeparablePair`).
    public struct Separable: Sendable, Hashable, Codable {
        /// Depthwise layer name.
        public var depthwise: String
        /// Pointwise layer name.
        public var pointwise: String
        /// Depthwise kernel `[kh, kw]`.
        public var kernel: [Int]
        /// Depthwise stride `[sh, sw]`.
        public var strides: [Int]
        /// Channels into the depthwise.
        public var inputChannels: Int
        /// Channels out of the pointwise (`N`).
        public var outputChannels: Int
        /// Depthwise output `[h, w]`, where the standard convolution is costed.
        public var outputSize: [Int]
        /// Depthwise MACs.
        public var depthwiseMacs: Int
        /// Pointwise MACs.
        public var pointwiseMacs: Int
        /// MACs of the standard convolution replaced.
        public var standardMacs: Int
        /// `(depthwise_macs + pointwise_macs) / standard_macs`.
        public var ratio: Double
        /// `1/N + 1/(kh·kw)`.
        public var closedFormRatio: Double

        enum CodingKeys: String, CodingKey {
            case depthwise, pointwise, kernel, strides, ratio
            case inputChannels = "input_channels"
            case outputChannels = "output_channels"
            case outputSize = "output_size"
            case depthwiseMacs = "depthwise_macs"
            case pointwiseMacs = "pointwise_macs"
            case standardMacs = "standard_macs"
            case closedFormRatio = "closed_form_ratio"
        }
    }

    /// Container and version (`wpk 1.0`) or source format of the file inspected.
    public var format: String
    /// The file, when the caller described it.
    public var file: File?
    /// The model.
    public var model: ModelInfo
    /// One entry per node, in execution order.
    public var layers: [Layer]
    /// Sums over all layers.
    public var totals: Totals
    /// Sums per kind, keyed by `LayerKind` raw value; every kind present.
    public var breakdown: [String: Totals]
    /// Depthwise-separable pairs.
    public var separable: [Separable]
    /// Stored tensors, when asked for (`--tensors`).
    public var tensors: [TensorSummary]?

    enum CodingKeys: String, CodingKey {
        case format, file, model, layers, totals, breakdown, separable, tensors
    }

    /// Builds the report of `summary`.
    /// - Parameters:
    ///   - file: What the caller knows about the file; its `format` becomes the report's.
    ///   - tensors: The `--tensors` listing, or `nil` to leave `tensors` out.
    public init(summary: ModelSummary, file: InspectedFile, tensors: TensorTable? = nil) {
        func value(_ info: ValueInfo) -> Value {
            Value(name: info.name, shape: info.shape, layout: info.sourceLayout, dtype: info.dtype)
        }
        format = file.format
        self.file = File(name: file.name, sizeBytes: file.sizeInBytes,
                         referenceVectors: file.hasReferenceVectors ?? summary.hasReferenceVectors)
        model = ModelInfo(name: summary.modelName, sourceFormat: summary.provenance.sourceFormat,
                          inputs: summary.inputs.map(value), outputs: summary.outputs.map(value), provenance: summary.provenance)
        layers = summary.layers.map {
            Layer(name: $0.name, op: $0.op, description: $0.description, outputShape: $0.outputShape,
                  params: $0.params, macs: $0.macs, kind: $0.kind)
        }
        totals = Totals(summary.totals)
        breakdown = Dictionary(uniqueKeysWithValues: LayerKind.allCases.map { ($0.rawValue, Totals(summary.breakdown[$0] ?? CostTotals())) })
        separable = summary.separablePairs.map {
            Separable(depthwise: $0.depthwise, pointwise: $0.pointwise, kernel: [$0.kernelHeight, $0.kernelWidth],
                      strides: [$0.strideHeight, $0.strideWidth], inputChannels: $0.inputChannels, outputChannels: $0.outputChannels,
                      outputSize: [$0.outputHeight, $0.outputWidth], depthwiseMacs: $0.depthwiseMACs, pointwiseMacs: $0.pointwiseMACs,
                      standardMacs: $0.standardMACs, ratio: $0.ratio, closedFormRatio: $0.closedFormRatio)
        }
        self.tensors = tensors?.rows
    }

    /// The report as UTF-8 JSON: pretty-printed, keys sorted (stable output), slashes unescaped.
    /// - Throws: `EncodingError` only if a ratio is not finite, which a summary never produces.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
