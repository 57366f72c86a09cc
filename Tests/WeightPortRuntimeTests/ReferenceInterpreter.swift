import Foundation
import WeightPortFormat

/// A plain, obviously-correct interpreter of the canonical op set (NHWC, double accumulation,
/// no fusion, no folding), the yardstick for every kernel test.
enum ReferenceInterpreter {
    struct Value {
        var shape: [Int]
        var values: [Float]
    }

    /// Runs `model` node by node on NHWC inputs; returns every value.
    static func run(_ model: Model, inputs: [String: Value]) throws -> [String: Value] {
        var values = inputs
        for node in model.nodes {
            let operands = node.inputs.map { values[$0]! }
            func weight(_ role: String) throws -> Value? {
                try model.weight(role, of: node).map { Value(shape: $0.shape, values: $0.floatValues()) }
            }
            values[node.outputs[0]] = try evaluate(node.op, operands, weight)
        }
        return values
    }

    static func evaluate(_ op: Op, _ inputs: [Value], _ weight: (String) throws -> Value?) throws -> Value {
        let x = inputs[0]
        switch op {
        case let .conv2d(a):
            return conv2d(x, kernel: try weight("kernel")!, bias: try weight("bias"), a)
        case let .batchNorm(epsilon):
            let mean = try weight("mean")!.values, variance = try weight("variance")!.values
            let gamma = try weight("gamma")?.values ?? [Float](repeating: 1, count: mean.count)
            let beta = try weight("beta")?.values ?? [Float](repeating: 0, count: mean.count)
            let c = x.shape.last!
            return Value(shape: x.shape, values: x.values.indices.map { i in
                let k = i % c
                return Float((Double(x.values[i]) - Double(mean[k])) / (Double(variance[k]) + Double(epsilon)).squareRoot()
                             * Double(gamma[k]) + Double(beta[k]))
            })
        case .dense:
            let kernel = try weight("kernel")!, bias = try weight("bias")
            let (k, n) = (kernel.shape[0], kernel.shape[1])
            let rows = x.values.count / k
            var out = [Float](repeating: 0, count: rows * n)
            for r in 0..<rows {
                for j in 0..<n {
                    var sum = Double(bias?.values[j] ?? 0)
                    for i in 0..<k { sum += Double(x.values[r * k + i]) * Double(kernel.values[i * n + j]) }
                    out[r * n + j] = Float(sum)
                }
            }
            return Value(shape: x.shape.dropLast() + [n], values: out)
        case let .activation(activation):
            return Value(shape: x.shape, values: x.values.map { activate(activation, $0) })
        case .add, .mul:
            return broadcast(x, inputs[1], op == .add ? { $0 + $1 } : { $0 * $1 })
        case let .globalAvgPool(keepDims):
            let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
            var out = [Float](repeating: 0, count: n * c)
            for b in 0..<n {
                for k in 0..<c {
                    var sum = 0.0
                    for p in 0..<(h * w) { sum += Double(x.values[(b * h * w + p) * c + k]) }
                    out[b * c + k] = Float(sum / Double(h * w))
                }
            }
            return Value(shape: keepDims ? [n, 1, 1, c] : [n, c], values: out)
        case let .avgPool(a):
            return pool(x, a, maximum: false)
        case let .maxPool(a):
            return pool(x, a, maximum: true)
        case let .reshape(shape):
            let count = x.values.count / x.shape[0]
            let known = shape.filter { $0 != -1 }.reduce(1, *)
            return Value(shape: [x.shape[0]] + shape.map { $0 == -1 ? count / known : $0 }, values: x.values)
        case .flatten:
            return Value(shape: [x.shape[0], x.values.count / x.shape[0]], values: x.values)
        case let .pad(top, left, bottom, right, value):
            let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
            let (oh, ow) = (h + top + bottom, w + left + right)
            var out = [Float](repeating: value, count: n * oh * ow * c)
            for b in 0..<n { for y in 0..<h { for xx in 0..<w { for k in 0..<c {
                out[((b * oh + y + top) * ow + xx + left) * c + k] = x.values[((b * h + y) * w + xx) * c + k]
            } } } }
            return Value(shape: [n, oh, ow, c], values: out)
        case let .rescale(scale, offset):
            return Value(shape: x.shape, values: x.values.map { $0 * scale + offset })
        case .softmax:
            let c = x.shape.last!
            var out = x.values
            for r in 0..<(x.values.count / c) {
                let row = x.values[(r * c)..<((r + 1) * c)].map(Double.init)
                let m = row.max()!
                let exps = row.map { Foundation.exp($0 - m) }
                let sum = exps.reduce(0, +)
                for k in 0..<c { out[r * c + k] = Float(exps[k] / sum) }
            }
            return Value(shape: x.shape, values: out)
        case .identity:
            return x
        }
    }

    static func activate(_ activation: Activation, _ x: Float) -> Float {
        let v = Double(x)
        let result: Double
        switch activation {
        case .relu: result = max(v, 0)
        case .relu6: result = min(max(v, 0), 6)
        case let .clip(lo, hi): result = min(max(v, Double(lo)), Double(hi))
        case let .hardSigmoid(alpha, beta): result = min(max(Double(alpha) * v + Double(beta), 0), 1)
        case .hardSwish: result = v * min(max(v + 3, 0), 6) / 6
        case .sigmoid: result = 1 / (1 + Foundation.exp(-v))
        case .swish: result = v / (1 + Foundation.exp(-v))
        }
        return Float(result)
    }

    static func conv2d(_ x: Value, kernel: Value, bias: Value?, _ a: Conv2DAttributes) -> Value {
        let (n, h, w, cin) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (kh, kw, cinG, cout) = (kernel.shape[0], kernel.shape[1], kernel.shape[2], kernel.shape[3])
        let coutG = cout / a.groups
        let p = a.padding.resolved(inputHeight: h, inputWidth: w, kernelHeight: kh, kernelWidth: kw, strideHeight: a.strideHeight,
                                   strideWidth: a.strideWidth, dilationHeight: a.dilationHeight, dilationWidth: a.dilationWidth)
        let oh = (h + p.top + p.bottom - ((kh - 1) * a.dilationHeight + 1)) / a.strideHeight + 1
        let ow = (w + p.left + p.right - ((kw - 1) * a.dilationWidth + 1)) / a.strideWidth + 1
        var out = [Float](repeating: 0, count: n * oh * ow * cout)
        for b in 0..<n { for oy in 0..<oh { for ox in 0..<ow { for co in 0..<cout {
            let g = co / coutG
            var sum = Double(bias?.values[co] ?? 0)
            for ky in 0..<kh {
                let iy = oy * a.strideHeight - p.top + ky * a.dilationHeight
                guard iy >= 0, iy < h else { continue }
                for kx in 0..<kw {
                    let ix = ox * a.strideWidth - p.left + kx * a.dilationWidth
                    guard ix >= 0, ix < w else { continue }
                    for ci in 0..<cinG {
                        sum += Double(x.values[((b * h + iy) * w + ix) * cin + g * cinG + ci])
                            * Double(kernel.values[((ky * kw + kx) * cinG + ci) * cout + co])
                    }
                }
            }
            out[((b * oh + oy) * ow + ox) * cout + co] = Float(sum)
        } } } }
        _ = cin
        return Value(shape: [n, oh, ow, cout], values: out)
    }

    static func pool(_ x: Value, _ a: PoolAttributes, maximum: Bool) -> Value {
        let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let p = a.padding.resolved(inputHeight: h, inputWidth: w, kernelHeight: a.kernelHeight, kernelWidth: a.kernelWidth,
                                   strideHeight: a.strideHeight, strideWidth: a.strideWidth)
        let oh = (h + p.top + p.bottom - a.kernelHeight) / a.strideHeight + 1
        let ow = (w + p.left + p.right - a.kernelWidth) / a.strideWidth + 1
        var out = [Float](repeating: 0, count: n * oh * ow * c)
        for b in 0..<n { for oy in 0..<oh { for ox in 0..<ow { for k in 0..<c {
            var best = -Double.infinity, sum = 0.0, count = 0
            for ky in 0..<a.kernelHeight {
                let iy = oy * a.strideHeight - p.top + ky
                guard iy >= 0, iy < h else { continue }
                for kx in 0..<a.kernelWidth {
                    let ix = ox * a.strideWidth - p.left + kx
                    guard ix >= 0, ix < w else { continue }
                    let v = Double(x.values[((b * h + iy) * w + ix) * c + k])
                    best = max(best, v)
                    sum += v
                    count += 1
                }
            }
            let divisor = a.countIncludesPadding ? a.kernelHeight * a.kernelWidth : count
            out[((b * oh + oy) * ow + ox) * c + k] = Float(maximum ? best : sum / Double(divisor))
        } } } }
        return Value(shape: [n, oh, ow, c], values: out)
    }

    static func broadcast(_ a: Value, _ b: Value, _ f: (Float, Float) -> Float) -> Value {
        let shape = Model.broadcast(a.shape, b.shape)!
        let rank = shape.count
        let pa = [Int](repeating: 1, count: rank - a.shape.count) + a.shape
        let pb = [Int](repeating: 1, count: rank - b.shape.count) + b.shape
        let count = shape.reduce(1, *)
        var out = [Float](repeating: 0, count: count)
        for i in 0..<count {
            var rest = i, ia = 0, ib = 0, sa = 1, sb = 1
            for d in (0..<rank).reversed() {
                let index = rest % shape[d]
                rest /= shape[d]
                ia += (pa[d] == 1 ? 0 : index) * sa
                ib += (pb[d] == 1 ? 0 : index) * sb
                sa *= pa[d]
                sb *= pb[d]
            }
            out[i] = f(a.values[ia], b.values[ib])
        }
        return Value(shape: shape, values: out)
    }
}
