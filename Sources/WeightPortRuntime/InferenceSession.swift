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
/// Thread-safe: concurrent `run` calls are serialised (each run uses the plan's arena), and each
/// run uses up to `RuntimeOptions.threads` threads inside its operations.
public final class InferenceSession: @unchecked Sendable {
    /// The model this session runs.
    public let model: Model
    /// How it runs.
    public let options: RuntimeOptions
    private let graph: FusedGraph
    private let lock = NSLock()
    private var plans: [[[Int]]: ExecutionPlan] = [:]

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
        for name in inputs.keys where !model.inputs.contains(where: { $0.name == name }) {
            throw RuntimeError.unknownInput(name: name)
        }
        var canonical: [[Int]] = []
        for info in model.inputs {
            guard let array = inputs[info.name] else { throw RuntimeError.missingInput(name: info.name) }
            canonical.append(try Self.canonicalShape(of: array, for: info))
        }
        lock.lock()
        defer { lock.unlock() }
        let plan = try plan(for: canonical)
        for (edge, info) in zip(plan.inputs, model.inputs) {
            guard let array = inputs[info.name] else { continue }
            array.values.withUnsafeBufferPointer { source in
                guard let values = source.baseAddress else { return }
                if Self.transposes(edge) {
                    LayoutTranspose.nchwToNHWC(values, edge.pointer, batch: edge.shape[0], channels: edge.shape[3],
                                               height: edge.shape[1], width: edge.shape[2])
                } else {
                    edge.pointer.update(from: values, count: source.count)
                }
            }
        }
        plan.execute()
        var results: [String: NDArray] = [:]
        for edge in plan.outputs {
            let s = edge.shape
            var array = NDArray(zeros: Self.transposes(edge) ? [s[0], s[3], s[1], s[2]] : s)
            array.values.withUnsafeMutableBufferPointer { target in
                guard let values = target.baseAddress else { return }
                if Self.transposes(edge) {
                    LayoutTranspose.nhwcToNCHW(edge.pointer, values, batch: s[0], height: s[1], width: s[2], channels: s[3])
                } else {
                    values.update(from: edge.pointer, count: target.count)
                }
            }
            results[edge.info.name] = array
        }
        return results
    }

    /// Builds (or reuses) the plan for canonical input shapes. Called under the lock.
    func plan(for shapes: [[Int]]) throws -> ExecutionPlan {
        if let plan = plans[shapes] { return plan }
        let named = Dictionary(uniqueKeysWithValues: zip(model.inputs.map(\.name), shapes))
        let plan = try ExecutionPlan(graph: graph, model: model, inputShapes: named, threads: options.threads)
        plans[shapes] = plan
        return plan
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
