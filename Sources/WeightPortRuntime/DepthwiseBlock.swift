/// A depthwise convolution fused with the pointwise convolution that feeds it (`expand`), the
/// one that reads it (`project`), or both — the inverted residual block of MobileNet v2 and v3 —
/// computed one depthwise output row at a time so that the wide intermediate tensors never
/// exist whole: each task expands the input rows a depthwise row needs into a ring of
/// `kernelHeight` rows (every input row is expanded once per task, when first needed), runs the
/// depthwise row into a one-row buffer and projects that row straight into the output (with the
/// project's epilogue: bias, residual, activation). The ring and the row stay in L2, so the block
/// reads its input and writes its output once, where the separate layers wrote and read the
/// expanded tensors — megabytes at high resolution — through memory.
///
/// The parts' own `input`/`output` pointers are not used: `input` feeds the first part, the
/// last part writes `output`. Work is split over depthwise output rows; each task has its own
/// scratch (`scratchPerTask`). No allocation.
struct DepthwiseBlock: @unchecked Sendable {
    var input: UnsafePointer<Float>
    var output: UnsafeMutablePointer<Float>
    /// The pointwise convolution before the depthwise one, if fused.
    var expand: GEMMConvolution?
    var depthwise: DepthwiseConvolution
    /// The pointwise convolution after the depthwise one, if fused.
    var project: GEMMConvolution?
    /// `threads × scratchPerTask` floats.
    var scratch: UnsafeMutablePointer<Float>
    var threads: Int

    /// Bytes of one image's depthwise input above which the plan fuses a block: the size of L2
    /// on the machines we measure (512 KiB per core on the reference 2-core Zen 3).
    static let minimumInputBytes = 512 * 1024

    /// Depthwise output pixels per row below which the plan does not fuse a block: the block's
    /// GEMMs are one row high, and narrower rows leave the 6-row micro-tiles mostly edges.
    static let minimumRowPixels = 28

    /// Floats of scratch one task needs: the ring of expanded rows and the depthwise row.
    static func scratchPerTask(depthwise g: ConvolutionGeometry, expands: Bool, projects: Bool) -> Int {
        (expands ? g.kernelHeight * g.inputWidth * g.inputChannels : 0) + (projects ? g.outputWidth * g.outputChannels : 0)
    }

    /// Runs the whole block.
    func run() {
        let g = depthwise.geometry
        let perTask = Self.scratchPerTask(depthwise: g, expands: expand != nil, projects: project != nil)
        let work = g.outputPixels * g.outputChannels * (g.kernelHeight * g.kernelWidth + (expand?.geometry.inputChannels ?? 0)
                                                           + (project?.geometry.outputChannels ?? 0))
        let rows = g.batch * g.outputHeight
        Parallel.forEachClaim(count: rows, threads: work < GEMMConvolution.parallelWork ? 1 : threads) { task, claims in
            let ring = scratch + task * perTask
            let row = ring + (expand == nil ? 0 : g.kernelHeight * g.inputWidth * g.inputChannels)
            withUnsafeTemporaryAllocation(of: Int.self, capacity: g.kernelHeight) { held in
                withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: g.kernelHeight) { lines in
                    guard let held = held.baseAddress, let lines = lines.baseAddress else { return }
                    held.initialize(repeating: -1, count: g.kernelHeight)
                    while let index = claims.nextIndex() { computeRow(index, ring: ring, held: held, lines: lines, row: row) }
                }
            }
        }
    }

    /// Depthwise output row `index` (= `n · outputHeight + y`) and its projection. `held[slot]`
    /// is the input row (`n · inputHeight + iy`) whose expansion ring slot `slot` holds.
    private func computeRow(_ index: Int, ring: UnsafeMutablePointer<Float>, held: UnsafeMutablePointer<Int>,
                            lines: UnsafeMutablePointer<UnsafePointer<Float>>, row: UnsafeMutablePointer<Float>) {
        let g = depthwise.geometry
        let n = index / g.outputHeight, y = index % g.outputHeight
        let originY = y * g.strideHeight - g.padTop
        let lineSize = g.inputWidth * g.inputChannels
        for ky in depthwise.taps(row: y) {
            let inputRow = n * g.inputHeight + originY + ky * g.dilationHeight
            guard let expand else {
                lines[ky] = input + inputRow * lineSize
                continue
            }
            let slot = inputRow % g.kernelHeight
            let line = ring + slot * lineSize
            if held[slot] != inputRow {
                let e = expand.geometry
                GEMM(a: input + inputRow * g.inputWidth * e.inputChannels, lda: e.inputChannels, b: expand.weights[0],
                     c: line, ldc: e.outputChannels, epilogue: expand.epilogue)
                    .compute(rows: 0..<g.inputWidth, panels: 0..<expand.weights[0].panels)
                held[slot] = inputRow
            }
            lines[ky] = UnsafePointer(line)
        }
        guard let project else {
            depthwise.computeRow(y, lines: lines, out: output + index * g.outputWidth * g.outputChannels)
            return
        }
        depthwise.computeRow(y, lines: lines, out: row)
        let p = project.geometry
        GEMM(a: row, lda: p.inputChannels, b: project.weights[0], c: output + index * g.outputWidth * p.outputChannels,
             ldc: p.outputChannels, epilogue: project.epilogue)
            .compute(rows: 0..<g.outputWidth, panels: 0..<project.weights[0].panels, rowOffset: index * g.outputWidth)
    }
}
