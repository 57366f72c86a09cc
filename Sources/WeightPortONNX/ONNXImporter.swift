import Foundation
import WeightPortFormat

/// Imports ONNX models (`.onnx`, with or without external data) into the canonical `Model`.
///
/// What it reads: the default-domain ops of opsets 11–18 that MobileNet-style exports use (torch.onnx
/// legacy and dynamo exporters, tf2onnx): Conv, BatchNormalization, Relu, Clip, HardSigmoid,
/// HardSwish, Sigmoid, Add, Mul, Sub, GlobalAveragePool, AveragePool, MaxPool, ReduceMean,
/// Flatten, Reshape, Squeeze, Unsqueeze, Gemm, MatMul, Transpose, Softmax, Dropout, Identity, Pad,
/// and, folded at import time, Constant, Shape, Gather, Concat, Cast, CastLike, Expand.
///
/// How it translates: activations become NHWC (inputs keep `sourceLayout: .nchw`, a symbolic batch
/// becomes `-1`); convolution kernels OIHW → `[kh, kw, cin/groups, cout]`; Gemm weights → `[in, out]`;
/// batch norm stays batch norm; weights keep their initializer names and precision (float16 weights
/// behind a `Cast` stay float16); nodes keep their names (or their first output's). Initializers
/// listed as graph inputs are weights. Anything without an exact canonical meaning is an error
/// naming the node, its op type and the file — never skipped.
public enum ONNXImporter {
    /// Supported default-domain opset versions.
    public static let supportedOpsets: ClosedRange<Int> = 11...18

    /// Reads the ONNX file at `url` and translates it into a validated canonical model.
    ///
    /// Cost: reads the whole file (refused over 2 GB: use external data), unpacks it with
    /// protobuf-c (which copies `raw_data`, so about twice the file in memory), copies every weight
    /// once into aligned storage (transposing kernels), and hashes the file (SHA-256) for the
    /// provenance. External data is read with `pread` from files next to the model.
    /// - Parameter url: the `.onnx` file; external data locations resolve against its directory.
    /// - Returns: the model with `Provenance.sourceFormat == "onnx"`, the producer as framework version.
    /// - Throws: `ONNXImportError` naming the file and the node, tensor or value at fault: an
    ///   unreadable, oversized or non-protobuf file, an unsupported opset or op, a malformed or
    ///   hostile tensor (negative or overflowing dims, short data, external data outside the model's
    ///   directory or past the end of its file), a cycle, or an invalid result.
    public static func importModel(at url: URL) throws -> Model {
        let modelFile = try ONNXModelFile(url: url)
        let file = modelFile.fileName
        guard let graph = modelFile.model.pointee.graph else { throw ONNXImportError.missingGraph(file: file) }
        guard let opset = modelFile.defaultOpset else {
            throw ONNXImportError.unsupportedOpset(file: file, version: 0, supported: supportedOpsets)
        }
        guard supportedOpsets.contains(opset) else {
            throw ONNXImportError.unsupportedOpset(file: file, version: opset, supported: supportedOpsets)
        }
        let translator = ONNXGraphTranslator(file: file, opset: opset, reader: ONNXTensorReader(modelURL: url))
        try translator.translate(graph.pointee)

        let graphName = ONNXModelFile.string(graph.pointee.name)
        let provenance = Provenance(sourceFormat: "onnx", sourceFile: file, sourceSHA256: modelFile.sha256,
                                    frameworkVersion: modelFile.producer, importerVersion: importerVersion,
                                    createdAt: Provenance.timestamp())
        do {
            let model = try Model(name: graphName.isEmpty ? url.deletingPathExtension().lastPathComponent : graphName,
                                  inputs: translator.inputs, outputs: translator.outputs, nodes: translator.nodes,
                                  tensors: translator.tensors, provenance: provenance)
            try model.validate()
            _ = try model.inferShapes()
            return model
        } catch let error as FormatError {
            throw ONNXImportError.invalidCanonicalModel(file: file, reason: error.description)
        }
    }

    /// Recorded as `Provenance.importerVersion`.
    static let importerVersion = "weightport 0.1.0"
}
