import ArgumentParser
import Foundation
import WeightPortFormat
import WeightPortRuntime

/// `weightport bench`: latency of the runtime on one model.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the runtime's latency on a .wpk model.",
        discussion: """
        Builds the plan, runs --warmup untimed passes, then times --iterations passes on \
        deterministic pseudo-random inputs of the model's input shape (the batch set by --batch). \
        Reports median, p10 and p90 milliseconds. For a comparison with ONNX Runtime on the same \
        machine in the same run, use `make bench` (scripts/bench/run).

        Example:
          weightport bench mobilenet_v2.wpk --threads 1 --iterations 100 --json
        """
    )

    @Argument(help: "The .wpk model.")
    var model: String

    @Option(help: "Timed iterations.")
    var iterations: Int = 50

    @Option(help: "Untimed warm-up iterations.")
    var warmup: Int = 5

    @Option(help: "Intra-op threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Batch size.")
    var batch: Int = 1

    @Option(help: "Height and width for inputs whose size the model leaves open.")
    var inputSize: Int = 224

    @Flag(help: "Print one JSON object (median_ms, p10_ms, p90_ms, iterations, threads, batch).")
    var json = false

    @Flag(help: "Also print the median and 10th-percentile time of each step (a layer with the layers fused into it) over the iterations.")
    var layers = false

    func validate() throws {
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1") }
        guard warmup >= 0 else { throw ValidationError("--warmup must not be negative") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
    }

    func run() throws {
        let file = try WPKFile(contentsOf: URL(fileURLWithPath: model))
        let session = try InferenceSession(model: file.model, options: RuntimeOptions(threads: threads))
        let benchmark = try Benchmark(session: session, batch: batch, imageSize: inputSize)
        let result = try benchmark.measure(iterations: iterations, warmup: warmup)
        if layers { printLayers(try session.layerTimes(benchmark.inputs, iterations: iterations)) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        } else {
            print(model + String(format: ": batch %d, %d thread(s), %d iterations: median %.3f ms, p10 %.3f ms, p90 %.3f ms",
                                 result.batch, result.threads, result.iterations, result.medianMs, result.p10Ms, result.p90Ms))
        }
    }

    private func printLayers(_ times: [LayerTime]) {
        func milliseconds(_ d: Duration) -> Double {
            Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) * 1e-15
        }
        let total = times.reduce(0) { $0 + milliseconds($1.median) }
        let totalP10 = times.reduce(0) { $0 + milliseconds($1.p10) }
        let width = times.map(\.name.count).max() ?? 4
        print("step".padding(toLength: width, withPad: " ", startingAt: 0) + " " + "kernel".padding(toLength: 12, withPad: " ", startingAt: 0)
              + "   median  share        p10")
        for time in times {
            let ms = milliseconds(time.median)
            print(time.name.padding(toLength: width, withPad: " ", startingAt: 0) + " "
                  + time.kernel.padding(toLength: 12, withPad: " ", startingAt: 0)
                  + String(format: "%9.3f ms %5.1f%% %7.3f ms", ms, total > 0 ? 100 * ms / total : 0, milliseconds(time.p10)))
        }
        print("total".padding(toLength: width + 13, withPad: " ", startingAt: 0) + String(format: "%9.3f ms        %7.3f ms", total, totalP10))
    }
}
