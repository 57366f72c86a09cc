import Foundation
import WeightPortFormat

/// Reads reference `.npy` files and turns them into `ReferenceVectors` for a model, after checking
/// that their shapes fit it.
enum ReferenceEmbedding {
    /// - Throws: `FormatError.invalidNpy` for an unreadable array, `.arrayShape` for one that does
    ///   not fit the model.
    static func load(inputs inputsPath: String, expected expectedPath: String, for model: Model,
                     atol: Float, rtol: Float) throws -> ReferenceVectors {
        let inputs = try NpyFile.read(contentsOf: URL(fileURLWithPath: inputsPath))
        let expected = try NpyFile.read(contentsOf: URL(fileURLWithPath: expectedPath))
        let outputShape = try model.sourceOutputShape(forSourceInput: inputs.shape, arrayName: inputsPath)
        guard expected.shape == outputShape else {
            throw FormatError.arrayShape(array: expectedPath, reason: "shape \(expected.shape) is not the model's output shape \(outputShape) for inputs of shape \(inputs.shape)")
        }
        func layout(_ info: ValueInfo?) -> TensorLayout {
            switch info?.sourceLayout {
            case .nhwc?: .nhwc
            case .nchw?: .nchw
            default: .plain
            }
        }
        return ReferenceVectors(
            inputs: try Tensor(name: "reference/inputs", shape: inputs.shape, layout: layout(model.inputs.first), floats: inputs.values),
            expected: try Tensor(name: "reference/expected", shape: expected.shape,
                                 layout: expected.shape.count == 4 ? layout(model.outputs.first) : .plain, floats: expected.values),
            atol: atol, rtol: rtol)
    }
}
