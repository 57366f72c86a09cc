import Testing
import WeightPortFormat
import WeightPortRuntime

/// `run(_:maxBatch:)`: the same outputs as one whole-batch pass, in chunks.
@Suite struct ChunkedRunTests {
    @Test(arguments: [1, 2, 3, 5, 7])
    func chunkedRunEqualsTheWholeBatch(maxBatch: Int) throws {
        let session = try InferenceSession(model: SessionTests.tinyMobileNet(), options: RuntimeOptions(threads: 1))
        let input = SessionTests.random([5, 16, 16, 3], seed: 11)
        let whole = try session.run(input)
        let chunked = try session.run(input, maxBatch: maxBatch)
        #expect(chunked.shape == whole.shape)
        let difference = zip(chunked.values, whole.values).map { abs($0 - $1) }.max() ?? .infinity
        #expect(difference <= 1e-6, "chunks of \(maxBatch) differ from one pass by \(difference)")
    }
}
