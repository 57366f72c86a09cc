import WeightPortFormat

extension InferenceSession {
    /// Runs a single-input, single-output model on `input` in chunks of at most `maxBatch`
    /// samples (first axis) and concatenates the outputs: the same result as `run(_:)`, with the
    /// activation memory of a `maxBatch`-sample plan instead of a whole-batch one.
    /// Cost: one forward pass per chunk.
    /// - Precondition: `maxBatch >= 1`.
    /// - Throws: as `run(_:)`.
    public func run(_ input: NDArray, maxBatch: Int) throws -> NDArray {
        precondition(maxBatch >= 1, "a chunk needs at least one sample")
        guard let batch = input.shape.first, batch > maxBatch else { return try run(input) }
        let sampleSize = input.shape.dropFirst().reduce(1, *)
        var outputShape: [Int] = []
        var values: [Float] = []
        var start = 0
        while start < batch {
            let count = min(maxBatch, batch - start)
            let chunk = try NDArray(shape: [count] + input.shape.dropFirst(),
                                    values: Array(input.values[(start * sampleSize)..<((start + count) * sampleSize)]))
            let output = try run(chunk)
            if outputShape.isEmpty {
                outputShape = output.shape
                values.reserveCapacity(output.values.count / count * batch)
            }
            values += output.values
            start += count
        }
        outputShape[0] = batch
        return try NDArray(shape: outputShape, values: values)
    }
}
