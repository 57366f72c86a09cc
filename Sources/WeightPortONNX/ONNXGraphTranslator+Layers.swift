import WeightPortFormat

/// Layers with weights or windows: Conv, BatchNormalization, Gemm, MatMul, pooling, Pad.
extension ONNXGraphTranslator {
    /// ONNX `Conv` (2-D) → `conv2d`; kernel OIHW → `[kh, kw, cin/groups, cout]`.
    func convolution(_ node: ONNXNode) throws {
        let input = try activation(node, 0)
        guard input.shape.count == 4, input.order == ActivationValue.channelsFirst else {
            throw fail(node, "expects a 4-D NCHW input, got shape \(input.shape)")
        }
        guard let weight = try floatConstant(node, 1) else { throw fail(node, "has no weight") }
        guard weight.dims.count == 4 else { throw fail(node, "weight '\(weight.name)' has shape \(weight.dims); only 2-D convolution is supported") }
        let (outChannels, groupChannels, kernelHeight, kernelWidth) = (weight.dims[0], weight.dims[1], weight.dims[2], weight.dims[3])
        let groups = try int(node, "group", default: 1)
        let channels = input.shape[1]
        guard (1...ONNXGraphTranslator.maximumExtent).contains(groups), groupChannels.multipliedReportingOverflow(by: groups) == (channels, false),
              outChannels % groups == 0 else {
            throw fail(node, "weight \(weight.dims) with \(groups) group(s) does not fit \(channels) input channels")
        }
        if let kernelShape = try ints(node, "kernel_shape"), kernelShape != [kernelHeight, kernelWidth] {
            throw fail(node, "kernel_shape \(kernelShape) disagrees with weight \(weight.dims)")
        }
        let strides = try pair(node, "strides")
        let dilations = try pair(node, "dilations")
        let padding = try windowPadding(node, input: input, kernel: (kernelHeight, kernelWidth), strides: strides, dilations: dilations)
        var weights = ["kernel": try store(weight.transposed([2, 3, 1, 0], name: weight.name), layout: .convolutionKernel)]
        // A bias folding computed as zeros (dynamo's `Expand(CastLike(0))`) is no stored weight.
        if let bias = try floatConstant(node, 2), !(bias.isComputed && bias.floats().allSatisfy { $0 == 0 }) {
            guard bias.dims == [outChannels] else { throw fail(node, "bias '\(bias.name)' has shape \(bias.dims), expected [\(outChannels)]") }
            weights["bias"] = try store(bias, layout: .perChannel)
        }
        let attributes = Conv2DAttributes(strideHeight: strides.0, strideWidth: strides.1, dilationHeight: dilations.0,
                                          dilationWidth: dilations.1, padding: padding, groups: groups)
        let (height, width) = windowOutput(input, kernel: (kernelHeight, kernelWidth), strides: strides, dilations: dilations, padding: padding)
        try emit(node, .conv2d(attributes), inputs: [input], shape: [input.shape[0], outChannels, height, width],
                 order: ActivationValue.channelsFirst, weights: weights)
    }

    /// ONNX `BatchNormalization` (inference) → `batch_norm` with its four tensors, unfolded.
    func batchNormalization(_ node: ONNXNode) throws {
        let input = try activation(node, 0)
        guard input.shape.count >= 2, input.order.last == 1 else {
            throw fail(node, "normalises ONNX axis 1, which is not the canonical channel axis of shape \(input.shape)")
        }
        guard try int(node, "training_mode", default: 0) == 0 else { throw fail(node, "training_mode = 1 is not inference") }
        let channels = input.shape[1]
        var weights: [String: String] = [:]
        for (index, role) in ["gamma", "beta", "mean", "variance"].enumerated() {
            guard let parameter = try floatConstant(node, index + 1) else { throw fail(node, "has no \(role)") }
            guard parameter.dims == [channels] else {
                throw fail(node, "\(role) '\(parameter.name)' has shape \(parameter.dims), expected [\(channels)]")
            }
            weights[role] = try store(parameter, layout: .perChannel)
        }
        try emit(node, .batchNorm(epsilon: try float(node, "epsilon", default: 1e-5)), inputs: [input], shape: input.shape,
                 order: input.order, weights: weights)
    }

    /// ONNX `Gemm` with a constant B → `dense`: `[out, in]` with transB → `[in, out]`; `alpha` and
    /// `beta` other than 1 are folded into the stored kernel and bias (float32).
    func gemm(_ node: ONNXNode) throws {
        let input = try activation(node, 0)
        guard input.shape.count == 2, input.order == [0, 1] else { throw fail(node, "expects a 2-D input A, got shape \(input.shape)") }
        guard try int(node, "transA", default: 0) == 0 else { throw fail(node, "transA = 1 would transpose the batch axis") }
        guard let matrix = try floatConstant(node, 1), matrix.dims.count == 2 else { throw fail(node, "B must be a 2-D constant") }
        var kernel = try int(node, "transB", default: 0) == 1 ? matrix.transposed([1, 0], name: matrix.name) : matrix
        guard kernel.dims[0] == input.shape[1] else { throw fail(node, "B \(matrix.dims) does not fit A \(input.shape)") }
        let outFeatures = kernel.dims[1]
        let alpha = try float(node, "alpha", default: 1)
        let beta = try float(node, "beta", default: 1)
        if alpha != 1 {
            kernel = .float32(name: "\(kernel.name)/alpha", dims: kernel.dims, values: kernel.floats().map { $0 * alpha })
        }
        var weights = ["kernel": try store(kernel, layout: .denseKernel)]
        if var bias = try floatConstant(node, 2), beta != 0 {
            if bias.elementCount == outFeatures, bias.dims.allSatisfy({ $0 == 1 || $0 == outFeatures }) {
                bias = bias.reshaped([outFeatures], name: bias.name)
            } else if bias.elementCount == 1 {
                bias = .float32(name: "\(bias.name)/broadcast", dims: [outFeatures], values: Array(repeating: bias.floats()[0], count: outFeatures))
            } else {
                throw fail(node, "C of shape \(bias.dims) is not a bias of \(outFeatures) features")
            }
            if beta != 1 {
                bias = .float32(name: "\(bias.name)/beta", dims: bias.dims, values: bias.floats().map { $0 * beta })
            }
            weights["bias"] = try store(bias, layout: .perChannel)
        }
        try emit(node, .dense, inputs: [input], shape: [input.shape[0], outFeatures], order: [0, 1], weights: weights)
    }

    /// ONNX `MatMul` of a 2-D activation by a constant `[in, out]` → `dense` without bias.
    func matMul(_ node: ONNXNode) throws {
        let input = try activation(node, 0)
        guard input.shape.count == 2, input.order == [0, 1] else { throw fail(node, "expects a 2-D activation as A, got shape \(input.shape)") }
        guard let kernel = try floatConstant(node, 1), kernel.dims.count == 2, kernel.dims[0] == input.shape[1] else {
            throw fail(node, "B must be a constant [\(input.shape[1]), out]")
        }
        try emit(node, .dense, inputs: [input], shape: [input.shape[0], kernel.dims[1]], order: [0, 1],
                 weights: ["kernel": try store(kernel, layout: .denseKernel)])
    }

    /// ONNX `GlobalAveragePool` → `global_avg_pool` keeping dims (`[n, c, 1, 1]`).
    func globalAveragePool(_ node: ONNXNode) throws {
        let input = try activation(node, 0)
        guard input.shape.count == 4, input.order == ActivationValue.channelsFirst else { throw fail(node, "expects a 4-D NCHW input, got shape \(input.shape)") }
        try emit(node, .globalAvgPool(keepDims: true), inputs: [input], shape: [input.shape[0], input.shape[1], 1, 1], order: input.order)
    }

    /// ONNX `ReduceMean` over exactly the spatial axes → `global_avg_pool` (axes from the attribute
    /// before opset 18, from input 1 since).
    func reduceMean(_ node: ONNXNode) throws {
        let input = try activation(node, 0)
        let rank = input.shape.count
        let axes = opset >= 18 ? try staticInts(node, 1) : try ints(node, "axes")
        guard let axes else { throw fail(node, "reduces over all axes, including the batch") }
        let normalized = Set(axes.map { $0 < 0 ? $0 + rank : $0 })
        guard rank == 4, input.order.count == 4, normalized == [input.order[1], input.order[2]] else {
            throw fail(node, "reduces axes \(axes) of shape \(input.shape); only the two spatial axes map to global_avg_pool")
        }
        if try int(node, "keepdims", default: 1) == 1 {
            var shape = input.shape
            for axis in normalized { shape[axis] = 1 }
            try emit(node, .globalAvgPool(keepDims: true), inputs: [input], shape: shape, order: input.order)
        } else {
            let kept = [input.order[0], input.order[3]]
            guard kept[0] < kept[1] else { throw fail(node, "keepdims = 0 would leave the channel axis before the batch") }
            try emit(node, .globalAvgPool(keepDims: false), inputs: [input], shape: kept.map { input.shape[$0] }, order: [0, 1])
        }
    }

    /// ONNX `AveragePool` / `MaxPool` (2-D, floor mode, no dilation) → `avg_pool` / `max_pool`.
    func pool(_ node: ONNXNode) throws {
        let input = try activation(node, 0)
        guard input.shape.count == 4, input.order == ActivationValue.channelsFirst else { throw fail(node, "expects a 4-D NCHW input, got shape \(input.shape)") }
        guard let kernel = try ints(node, "kernel_shape"), kernel.count == 2, kernel.allSatisfy({ (1...ONNXGraphTranslator.maximumExtent).contains($0) }) else {
            throw fail(node, "needs a 2-D kernel_shape")
        }
        let strides = try pair(node, "strides")
        if let dilations = try ints(node, "dilations"), dilations.contains(where: { $0 != 1 }) { throw fail(node, "dilated pooling is not supported") }
        let padding = try windowPadding(node, input: input, kernel: (kernel[0], kernel[1]), strides: strides, dilations: (1, 1))
        let (height, width) = windowOutput(input, kernel: (kernel[0], kernel[1]), strides: strides, dilations: (1, 1), padding: padding)
        if try int(node, "ceil_mode", default: 0) == 1 {
            let (ceilHeight, ceilWidth) = windowOutput(input, kernel: (kernel[0], kernel[1]), strides: strides, dilations: (1, 1), padding: padding, ceil: true)
            guard ceilHeight == height, ceilWidth == width, height > 0 else { throw fail(node, "ceil_mode = 1 changes the output size") }
        }
        let attributes = PoolAttributes(kernelHeight: kernel[0], kernelWidth: kernel[1], strideHeight: strides.0, strideWidth: strides.1,
                                        padding: padding, countIncludesPadding: try int(node, "count_include_pad", default: 0) == 1)
        let op: Op = node.opType == "MaxPool" ? .maxPool(attributes) : .avgPool(attributes)
        try emit(node, op, inputs: [input], shape: [input.shape[0], input.shape[1], height, width], order: input.order)
    }

    /// ONNX `Pad` (opset 11+: pads, value and, since 18, axes are inputs; constant mode, spatial
    /// axes only) → `pad`.
    func pad(_ node: ONNXNode) throws {
        let input = try activation(node, 0)
        guard try string(node, "mode", default: "constant") == "constant" else { throw fail(node, "only constant padding is supported") }
        let rank = input.shape.count
        guard rank == 4 else { throw fail(node, "expects a 4-D input, got shape \(input.shape)") }
        guard var pads = try staticInts(node, 1) else { throw fail(node, "has no pads") }
        let value = try scalar(node, 2) ?? 0
        if let axes = try staticInts(node, 3) {
            guard pads.count == 2 * axes.count else { throw fail(node, "pads \(pads) do not fit axes \(axes)") }
            var full = [Int](repeating: 0, count: 2 * rank)
            for (index, axis) in axes.enumerated() {
                let normalized = axis < 0 ? axis + rank : axis
                guard (0..<rank).contains(normalized) else { throw fail(node, "axis \(axis) is out of range") }
                full[normalized] = pads[index]
                full[normalized + rank] = pads[index + axes.count]
            }
            pads = full
        }
        guard pads.count == 2 * rank, pads.allSatisfy({ (0...ONNXGraphTranslator.maximumExtent).contains($0) }) else {
            throw fail(node, "pads \(pads) must be \(2 * rank) amounts in 0...\(ONNXGraphTranslator.maximumExtent)")
        }
        let (rows, columns) = (input.order[1], input.order[2])
        for axis in 0..<rank where axis != rows && axis != columns && (pads[axis] != 0 || pads[axis + rank] != 0) {
            throw fail(node, "pads ONNX axis \(axis), which is not spatial")
        }
        var shape = input.shape
        for axis in [rows, columns] where shape[axis] > 0 { shape[axis] += pads[axis] + pads[axis + rank] }
        try emit(node, .pad(top: pads[rows], left: pads[columns], bottom: pads[rows + rank], right: pads[columns + rank], value: value),
                 inputs: [input], shape: shape, order: input.order)
    }

    // MARK: Windows

    /// A two-element attribute (strides, dilations), defaulting to (1, 1).
    private func pair(_ node: ONNXNode, _ name: String) throws -> (Int, Int) {
        guard let values = try ints(node, name) else { return (1, 1) }
        guard values.count == 2, values.allSatisfy({ (1...ONNXGraphTranslator.maximumExtent).contains($0) }) else {
            throw fail(node, "'\(name)' must be two integers in 1...\(ONNXGraphTranslator.maximumExtent), is \(values)")
        }
        return (values[0], values[1])
    }

    /// The canonical padding of `auto_pad` / `pads`. `SAME_LOWER` puts the extra pixel at the
    /// top/left and needs the static input size.
    private func windowPadding(_ node: ONNXNode, input: ActivationValue, kernel: (Int, Int), strides: (Int, Int), dilations: (Int, Int)) throws -> Padding {
        switch try string(node, "auto_pad", default: "NOTSET") {
        case "NOTSET":
            guard let pads = try ints(node, "pads") else { return .valid }
            guard pads.count == 4, pads.allSatisfy({ (0...ONNXGraphTranslator.maximumExtent).contains($0) }) else {
                throw fail(node, "pads \(pads) must be 4 amounts in 0...\(ONNXGraphTranslator.maximumExtent)")
            }
            return .explicit(top: pads[0], left: pads[1], bottom: pads[2], right: pads[3])
        case "VALID":
            return .valid
        case "SAME_UPPER":
            return .same
        case "SAME_LOWER":
            let (height, width) = (input.shape[2], input.shape[3])
            guard height > 0, width > 0 else { throw fail(node, "SAME_LOWER needs a static input size") }
            let upper = Padding.same.resolved(inputHeight: height, inputWidth: width, kernelHeight: kernel.0, kernelWidth: kernel.1,
                                              strideHeight: strides.0, strideWidth: strides.1, dilationHeight: dilations.0, dilationWidth: dilations.1)
            return .explicit(top: upper.bottom, left: upper.right, bottom: upper.top, right: upper.left)
        case let other:
            throw fail(node, "auto_pad '\(other)' is not an ONNX value")
        }
    }

    /// Output height and width of a window op on an NCHW `input` (`-1` when the input size is unknown).
    private func windowOutput(_ input: ActivationValue, kernel: (Int, Int), strides: (Int, Int), dilations: (Int, Int), padding: Padding,
                              ceil: Bool = false) -> (Int, Int) {
        let (height, width) = (input.shape[2], input.shape[3])
        guard height > 0, width > 0 else { return (-1, -1) }
        let pads = padding.resolved(inputHeight: height, inputWidth: width, kernelHeight: kernel.0, kernelWidth: kernel.1,
                                    strideHeight: strides.0, strideWidth: strides.1, dilationHeight: dilations.0, dilationWidth: dilations.1)
        func size(_ extent: Int, _ before: Int, _ after: Int, _ window: Int, _ stride: Int, _ dilation: Int) -> Int {
            let span = (window - 1) * dilation + 1
            let room = extent + before + after - span
            guard room >= 0 else { return 0 }
            return (ceil ? (room + stride - 1) / stride : room / stride) + 1
        }
        return (size(height, pads.top, pads.bottom, kernel.0, strides.0, dilations.0),
                size(width, pads.left, pads.right, kernel.1, strides.1, dilations.1))
    }
}
