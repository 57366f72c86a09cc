extension Model {
    /// Checks that `inputs` (in the source's layout) fits the model's single input — same rank,
    /// same fixed dimensions, any batch (the first axis: every op of the canonical set works on any
    /// batch, even when the source declared a fixed one) — and returns the shape of the model's single output, in the source's
    /// layout, for that batch. O(nodes): runs shape inference, no arithmetic on data.
    /// - Parameter arrayName: how errors name the array (usually its file name).
    /// - Throws: `FormatError.arrayShape` naming the array and both shapes; shape-inference errors.
    public func sourceOutputShape(forSourceInput inputShape: [Int], arrayName: String) throws -> [Int] {
        guard inputs.count == 1, outputs.count == 1, let input = inputs.first, let output = outputs.first else {
            throw FormatError.arrayShape(array: arrayName, reason: "the model has \(inputs.count) inputs and \(outputs.count) outputs; one of each is supported here")
        }
        let declared = input.sourceLayout.sourceShape(fromCanonical: input.shape)
        let fits = inputShape.count == declared.count && zip(inputShape, declared).dropFirst().allSatisfy { given, wanted in wanted < 0 || given == wanted }
        guard fits, inputShape.allSatisfy({ $0 > 0 }) else {
            throw FormatError.arrayShape(array: arrayName, reason: "shape \(inputShape) does not fit input '\(input.name)' of shape \(declared) (\(input.sourceLayout.rawValue); the batch and any -1 may be any size)")
        }
        let canonical = input.sourceLayout.canonicalShape(fromSource: inputShape)
        let shapes = try inferShapes(inputShapes: [input.name: canonical])
        guard let outputShape = shapes[output.name] else {
            throw FormatError.undefinedReference(node: output.name, name: output.name)
        }
        return output.sourceLayout.sourceShape(fromCanonical: outputShape)
    }
}
