import Foundation
import WeightPortFormat

/// Runs a canonical `Model` on float32 arrays, to prove that a converted model computes the
/// source framework's outputs, and to benchmark it.
///
/// Building a session validates the graph, checks every weight's shape, widens weights to
/// float32, folds each batch norm into the convolution or dense layer before it (when that
/// layer's output feeds only the batch norm; otherwise the batch norm runs as a per-channel
/// scale and shift), fuses each following activation into the layer's epilogue and pre-packs
/// the kernels: O(weights), once. A plan — shapes from `Model.inferShapes`, a liveness-based
/// arena for all activations, kernels bound to it — is built on the first run at each input
/// shape and cached, so any batch size and any resolution the graph allows work, and later runs
/// at that shape allocate only their result arrays.
///
/// Inputs and outputs use the source's layout (`ValueInfo.sourceLayout`): for an NCHW source,
/// rank-4 arrays are transposed at the edges; NHWC and plain arrays pass through unchanged.
///
/// Thread-safe: concurrent `run` calls are serialised (each run uses the plans' arenas). Each run
/// uses up to `RuntimeOptions.threads` threads: when the batch splits evenly over them and the
/// graph keeps samples apart, each thread runs one sample at a time through the whole graph (no
/// synchronisation between operations) and claims the next as it finishes, so a faster core takes
/// more of the batch; otherwise the threads share each operation.
public final class InferenceSession: @unchecked Sendable {
    /// The model this session runs.
    public let model: Model
    /// How it runs.
    public let options: RuntimeOptions
    private let graph: FusedGraph
    private let lock = NSLock()
    private var plans: [[[Int]]: [ExecutionPlan]] = [:]

    /// Prepares `model` for execution. O(weights).
    /// - Throws: `RuntimeError.invalidThreadCount`; `.invalidModel` when the graph fails
    ///   `Model.validate()` or its declared shapes do not fit its weights; `.missingWeight`,
    ///   `.weightShape`, `.invalidAttributes` naming the first offending node.
    public init(model: Model, options: RuntimeOptions = RuntimeOptions()) throws {
        guard options.threads >= 1 else { throw RuntimeError.invalidThreadCount(options.threads) }
        graph = try FusedGraph(model: model)
        if model.inputs.allSatisfy({ $0.shape.dropFirst().allSatisfy { $0 > 0 } }) {
            do {
                _ = try model.inferShapes()
            } catch {
                throw RuntimeError.invalidModel(reason: "\(error)")
            }
        }
        self.model = model
        self.options = options
    }

    /// Names of the model's inputs, in order.
    public var inputNames: [String] { model.inputs.map(\.name) }
    /// Names of the model's outputs, in order.
    public var outputNames: [String] { model.outputs.map(\.name) }

    /// Runs a single-input, single-output model. `input` and the result are in the source
    /// layout. Cost: one forward pass, plus planning on the first run at a new input shape.
    /// - Throws: `RuntimeError.notSingleInputOutput` for other models; `.inputShape` when the
    ///   array's rank or a fixed dimension differs from the declared input; `.unsupportedInputSize`
    ///   when the graph cannot run at this size.
    public func run(_ input: NDArray) throws -> NDArray {
        guard model.inputs.count == 1, model.outputs.count == 1 else {
            throw RuntimeError.notSingleInputOutput(inputs: inputNames, outputs: outputNames)
        }
        let results = try run([model.inputs[0].name: input])
        guard let output = results[model.outputs[0].name] else { preconditionFailure("run returned no output") }
        return output
    }

    /// Runs the model on one array per input name; returns one array per output name. Arrays are
    /// in the source layout of their `ValueInfo`.
    /// - Throws: `RuntimeError.missingInput`, `.unknownInput`, `.inputShape`, `.unsupportedInputSize`.
    public func run(_ inputs: [String: NDArray]) throws -> [String: NDArray] {
        lock.lock()
        defer { lock.unlock() }
        let plans = try plans(for: try canonicalShapes(inputs))
        // Sample groups of one plan's batch: one for a shared plan; with per-thread plans each
        // sample is a group, and each thread claims groups from its end of the batch
        // (`WorkClaims`) until the two meet, with no synchronisation between the threads until
        // the batch is done.
        let planBatch = plans[0].inputs.first?.shape.first ?? 1
        let groups = (model.inputs.first.flatMap { inputs[$0.name]?.shape.first } ?? planBatch) / planBatch
        let targets = plans[0].outputs.map { FloatBuffer(count: $0.shape.reduce(1, *) * groups) }
        Parallel.forEachClaim(count: groups, threads: plans.count) { task, claims in
            while let group = claims.nextIndex() {
                load(inputs, group: group, into: plans[task])
                plans[task].execute()
                for (edge, target) in zip(plans[task].outputs, targets) {
                    Self.copy(edge, to: target.pointer + group * edge.shape.reduce(1, *))
                }
            }
        }
        var results: [String: NDArray] = [:]
        for ((edge, info), target) in zip(zip(plans[0].outputs, model.outputs), targets) {
            let s = edge.shape, batch = s[0] * groups
            let shape = Self.transposes(edge) ? [batch, s[3], s[1], s[2]] : [batch] + s.dropFirst()
            results[info.name] = try NDArray(shape: shape, values: Array(UnsafeBufferPointer(start: target.pointer, count: target.count)))
        }
        return results
    }

    /// Median and 10th-percentile wall time of each step of the plan for `inputs` over
    /// `iterations` runs (at least one) after one untimed run, in execution order; both shrug off
    /// runs that another process interrupted. When the batch is split over threads, the threads'
    /// plans run each step on their first samples together and wait for each other after it,
    /// which a normal run does not.
    /// - Throws: as `run(_:)`.
    public func layerTimes(_ inputs: [String: NDArray], iterations: Int) throws -> [LayerTime] {
        lock.lock()
        defer { lock.unlock() }
        let plans = try plans(for: try canonicalShapes(inputs))
        for (slice, plan) in plans.enumerated() { load(inputs, group: slice, into: plan) }
        let steps = plans[0].steps.indices
        let clock = ContinuousClock()
        var samples = [[Duration]](repeating: [], count: steps.count)
        for iteration in 0...max(iterations, 1) {
            for index in steps {
                let start = clock.now
                Parallel.forEachChunk(count: plans.count, threads: plans.count) { _, range in
                    for slice in range { plans[slice].steps[index].run() }
                }
                if iteration > 0 { samples[index].append(clock.now - start) }
            }
        }
        return steps.map {
            let sorted = samples[$0].sorted()
            return LayerTime(name: plans[0].stepNames[$0], kernel: plans[0].steps[$0].kernelName,
                             median: sorted[sorted.count / 2], p10: sorted[sorted.count / 10])
        }
    }

    /// The canonical (NHWC) shape of each model input in `inputs`, in the model's order, after
    /// checking that every input is given and no other.
    private func canonicalShapes(_ inputs: [String: NDArray]) throws -> [[Int]] {
        for name in inputs.keys where !model.inputs.contains(where: { $0.name == name }) {
            throw RuntimeError.unknownInput(name: name)
        }
        return try model.inputs.map { info in
            guard let array = inputs[info.name] else { throw RuntimeError.missingInput(name: info.name) }
            return try Self.canonicalShape(of: array, for: info)
        }
    }

    /// Copies sample group `group` (of the plan's batch size) of `inputs` into `plan`.
    private func load(_ inputs: [String: NDArray], group: Int, into plan: ExecutionPlan) {
        for (edge, info) in zip(plan.inputs, model.inputs) {
            inputs[info.name]?.values.withUnsafeBufferPointer { source in
                guard let base = source.baseAddress else { return }
                Self.copy(base + group * edge.shape.reduce(1, *), into: edge)
            }
        }
    }

    /// Copies one group of samples in the source layout into a plan's input edge (canonical NHWC).
    private static func copy(_ values: UnsafePointer<Float>, into edge: ExecutionPlan.Edge) {
        if transposes(edge) {
            LayoutTranspose.nchwToNHWC(values, edge.pointer, batch: edge.shape[0], channels: edge.shape[3],
                                       height: edge.shape[1], width: edge.shape[2])
        } else {
            edge.pointer.update(from: values, count: edge.shape.reduce(1, *))
        }
    }

    /// Copies a plan's output edge into one group of samples in the source layout.
    private static func copy(_ edge: ExecutionPlan.Edge, to values: UnsafeMutablePointer<Float>) {
        let s = edge.shape
        if transposes(edge) {
            LayoutTranspose.nhwcToNCHW(edge.pointer, values, batch: s[0], height: s[1], width: s[2], channels: s[3])
        } else {
            values.update(from: edge.pointer, count: s.reduce(1, *))
        }
    }

    /// The plans for canonical input shapes, built on first use and cached: one plan that shares
    /// each operation among `options.threads` threads, or one single-threaded plan per thread
    /// (as many as run at once: at most the pool's `concurrency`) for one sample when the batch
    /// (the first axis of every input) is a multiple of those threads and every value's shape is
    /// the sample's with the first axis scaled, at rank 2 or more (no value mixes samples); each
    /// thread then runs its plan over the samples it claims.
    ///
    /// One sample at a time rather than several: a plan for four read each weight once for four
    /// samples, but the pass waited for the slower thread's fixed half of the batch, and the
    /// reference host's two virtual cores often run at different speeds. Batch 8 on 2 threads,
    /// alternating A/B, median of the per-pair ratios one sample / four: V3-L 0.88–1.00 (five
    /// runs of 24–40 pairs; medians 27.3 → 23.1 ms in one), V2 0.83 and 0.96 (two runs of 30);
    /// the fastest passes alike (V3-L 18.3 vs 18.7 ms). Called under the lock.
    private func plans(for shapes: [[Int]]) throws -> [ExecutionPlan] {
        if let plans = plans[shapes] { return plans }
        // No more per-thread plans than claiming tasks can run at once (`--threads 8` on 2 cores
        // would otherwise build 6 that are never used).
        let threads = min(options.threads, WorkerPool.shared.concurrency)
        let batch = shapes.first?.first ?? 1
        var built: [ExecutionPlan]
        if threads > 1, batch % threads == 0, shapes.allSatisfy({ $0.first == batch }), slicesSeparately(shapes, into: batch) {
            let sampleShapes = shapes.map { [1] + $0.dropFirst() }
            built = try (0..<threads).map { _ in try plan(for: sampleShapes, threads: 1) }
        } else {
            built = [try plan(for: shapes)]
        }
        plans[shapes] = built
        return built
    }

    /// Whether every value of the graph at `shapes` is `slices` copies of its shape at one
    /// slice of the batch, stacked along a leading batch axis.
    private func slicesSeparately(_ shapes: [[Int]], into slices: Int) -> Bool {
        let names = model.inputs.map(\.name)
        let slice = shapes.map { [$0[0] / slices] + $0.dropFirst() }
        guard let whole = try? model.inferShapes(inputShapes: Dictionary(uniqueKeysWithValues: zip(names, shapes))),
              let part = try? model.inferShapes(inputShapes: Dictionary(uniqueKeysWithValues: zip(names, slice))) else { return false }
        return whole.allSatisfy { name, shape in
            guard let partShape = part[name], shape.count >= 2, partShape.count == shape.count else { return false }
            return shape[0] == partShape[0] * slices && shape.dropFirst() == partShape.dropFirst()
        }
    }

    /// Builds a plan for canonical input shapes whose operations use `threads` threads (default
    /// `options.threads`). Not cached.
    func plan(for shapes: [[Int]], threads: Int? = nil) throws -> ExecutionPlan {
        let named = Dictionary(uniqueKeysWithValues: zip(model.inputs.map(\.name), shapes))
        return try ExecutionPlan(graph: graph, model: model, inputShapes: named, threads: threads ?? options.threads,
                                 fusesEveryDepthwiseBlock: options.fusesEveryDepthwiseBlock)
    }

    /// Whether an edge value is transposed between the source's NCHW and the canonical NHWC.
    private static func transposes(_ edge: ExecutionPlan.Edge) -> Bool {
        edge.info.sourceLayout == .nchw && edge.shape.count == 4
    }

    /// The canonical (NHWC) shape of `array` given as `info` in the source layout, after checking
    /// its rank and every fixed dimension except the batch and the spatial ones.
    private static func canonicalShape(of array: NDArray, for info: ValueInfo) throws -> [Int] {
        let declared = info.shape
        let nchw = info.sourceLayout == .nchw && declared.count == 4
        let sourceDeclared = nchw ? [declared[0], declared[3], declared[1], declared[2]] : declared
        let free: Set<Int> = declared.count == 4 ? (nchw ? [0, 2, 3] : [0, 1, 2]) : [0]
        let actual = array.shape
        guard actual.count == declared.count, actual.allSatisfy({ $0 > 0 }),
              sourceDeclared.indices.allSatisfy({ free.contains($0) || sourceDeclared[$0] < 0 || sourceDeclared[$0] == actual[$0] }) else {
            throw RuntimeError.inputShape(input: info.name, expected: sourceDeclared, actual: actual)
        }
        return nchw ? [actual[0], actual[2], actual[3], actual[1]] : actual
    }
}
