/// `keras.applications.MobileNet` (keras/src/applications/mobilenet.py, Keras 3.15), layer by
/// layer: a 3×3 stride-2 conv, then 13 depthwise-separable blocks
/// (`conv_dw_N` → BN → ReLU6 → `conv_pw_N` → BN → ReLU6), with `conv_pad_N` before the four
/// stride-2 depthwise convs. Filters are `int(f * alpha)`; batch norms use Keras' defaults
/// (momentum 0.99, epsilon 1e-3).
enum MobileNetV1Graph {
    /// Pointwise filters and depthwise stride of blocks 1...13.
    static let blocks: [(filters: Int, stride: Int)] = [
        (64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2),
        (512, 1), (512, 1), (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1),
    ]

    /// Records the graph of a validated spec.
    static func build(_ spec: ArchitectureSpec) -> KerasGraphBuilder {
        var g = KerasGraphBuilder()
        let alpha = spec.alpha
        var x = g.input(size: spec.inputSize)

        x = g.conv2D(x, filters: Int(32 * alpha), kernel: 3, strides: 2, padding: .same, useBias: false, name: "conv1")
        x = g.batchNormalization(x, momentum: 0.99, name: "conv1_bn")
        x = g.relu(x, maxValue: 6.0, name: "conv1_relu")

        for (i, block) in blocks.enumerated() {
            let id = i + 1
            if block.stride != 1 {
                x = g.zeroPadding2D(x, top: 0, bottom: 1, left: 0, right: 1, name: "conv_pad_\(id)")
            }
            x = g.depthwiseConv2D(
                x, kernel: 3, strides: block.stride, padding: block.stride == 1 ? .same : .valid,
                depthMultiplier: spec.depthMultiplier, name: "conv_dw_\(id)")
            x = g.batchNormalization(x, momentum: 0.99, name: "conv_dw_\(id)_bn")
            x = g.relu(x, maxValue: 6.0, name: "conv_dw_\(id)_relu")
            x = g.conv2D(
                x, filters: Int(Double(block.filters) * alpha), kernel: 1, padding: .same, useBias: false,
                name: "conv_pw_\(id)")
            x = g.batchNormalization(x, momentum: 0.99, name: "conv_pw_\(id)_bn")
            x = g.relu(x, maxValue: 6.0, name: "conv_pw_\(id)_relu")
        }

        if spec.includeTop {
            x = g.globalAveragePooling2D(x, keepdims: true)
            x = g.dropout(x, rate: spec.effectiveDropout, name: "dropout")
            x = g.conv2D(x, filters: spec.classes, kernel: 1, padding: .same, useBias: true, name: "conv_preds")
            x = g.reshape(x, to: [spec.classes], name: "reshape_2")
            _ = g.activation(x, spec.serializedClassifierActivation, name: "predictions")
        } else {
            g.headlessPooling(x, spec.pooling)
        }
        return g
    }
}
