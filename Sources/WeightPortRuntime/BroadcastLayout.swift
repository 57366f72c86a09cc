/// How the two operands of an element-wise op map onto its output under NumPy broadcasting,
/// simplified for fast loops: size-1 output axes are dropped and adjacent axes along which both
/// operands are contiguous (or both repeat) are merged. What remains is a list of outer axes and
/// one inner run in which each operand either advances (stride 1) or repeats (stride 0).
/// SE gating `[n,h,w,c] × [n,1,1,c]` becomes outer `[n, h·w]` and an inner run of `c`.
struct BroadcastLayout: Sendable, Hashable {
    /// Sizes of the outer axes, outermost first.
    var outerSizes: [Int]
    /// Element strides of the first operand along the outer axes.
    var outerStridesA: [Int]
    /// Element strides of the second operand along the outer axes.
    var outerStridesB: [Int]
    /// Length of the inner run.
    var inner: Int
    /// 1 when the first operand advances along the inner run, 0 when it repeats one value.
    var innerStrideA: Int
    /// 1 when the second operand advances along the inner run, 0 when it repeats one value.
    var innerStrideB: Int

    /// Number of inner runs.
    var outerCount: Int { outerSizes.reduce(1, *) }

    /// The layout for operands of shapes `a` and `b` whose broadcast shape is `output`.
    init(a: [Int], b: [Int], output: [Int]) {
        func strides(_ shape: [Int]) -> [Int] {
            let padded = [Int](repeating: 1, count: output.count - shape.count) + shape
            var result = [Int](repeating: 0, count: output.count)
            var stride = 1
            for axis in padded.indices.reversed() {
                result[axis] = padded[axis] == 1 ? 0 : stride
                stride *= padded[axis]
            }
            return result
        }
        let stridesA = strides(a), stridesB = strides(b)
        var axes: [(size: Int, a: Int, b: Int)] = []
        for axis in output.indices where output[axis] != 1 {
            let next = (size: output[axis], a: stridesA[axis], b: stridesB[axis])
            if let last = axes.last, last.a == next.a * next.size, last.b == next.b * next.size {
                axes[axes.count - 1] = (last.size * next.size, next.a, next.b)
            } else {
                axes.append(next)
            }
        }
        let innermost = axes.popLast() ?? (size: 1, a: 0, b: 0)
        outerSizes = axes.map(\.size)
        outerStridesA = axes.map(\.a)
        outerStridesB = axes.map(\.b)
        inner = innermost.size
        innerStrideA = innermost.a
        innerStrideB = innermost.b
    }

    /// Element offsets of the two operands at the start of inner run `run`.
    @inline(__always)
    func offsets(ofRun run: Int) -> (a: Int, b: Int) {
        var remainder = run, offsetA = 0, offsetB = 0
        var axis = outerSizes.count - 1
        while axis >= 0 {
            let size = outerSizes[axis]
            let index = remainder % size
            remainder /= size
            offsetA += index * outerStridesA[axis]
            offsetB += index * outerStridesB[axis]
            axis -= 1
        }
        return (offsetA, offsetB)
    }
}
