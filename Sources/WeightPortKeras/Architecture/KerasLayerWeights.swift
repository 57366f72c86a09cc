/// One layer of `model.layers`, in order, with the variables Keras creates for it — what a
/// weights file for the architecture must contain.
///
/// Weightless layers (ReLU, Add, ZeroPadding2D, ...) are listed too, with no variables: Keras 3
/// `.weights.h5` files give every layer a group, and the group numbers count them.
/// Keras 3 operation nodes (the `x + 3` and `× 1/6` of a hard-sigmoid) are not layers and are
/// not listed.
public struct KerasLayerWeights: Sendable, Hashable {
    /// The layer name, e.g. `conv_pw_1` or `expanded_conv_3_squeeze_excite_conv`.
    public var layer: String
    /// The Keras class, e.g. `Conv2D`, `DepthwiseConv2D`, `BatchNormalization`, `Dense`.
    public var className: String
    /// The layer's group under `layers/` in a Keras 3 `.weights.h5`: the class in snake case,
    /// numbered per class in `model.layers` order (`conv2d`, `conv2d_1`, ..., `re_lu_12`).
    public var weightsGroup: String
    /// The layer's variables in Keras' order (`kernel, bias`; `gamma, beta, moving_mean,
    /// moving_variance`), which is also the order of the `vars/0`, `vars/1`, ... datasets.
    public var variables: [KerasVariable]
    /// The layer's output shape without the batch dimension, channels last: `[112, 112, 32]`,
    /// `[1000]`.
    public var outputShape: [Int]

    /// Creates a layer description.
    public init(
        layer: String, className: String, weightsGroup: String, variables: [KerasVariable], outputShape: [Int]
    ) {
        self.layer = layer
        self.className = className
        self.weightsGroup = weightsGroup
        self.variables = variables
        self.outputShape = outputShape
    }
}

/// One variable (weight tensor) of a Keras layer.
public struct KerasVariable: Sendable, Hashable {
    /// The variable name within its layer: `kernel`, `bias`, `gamma`, `beta`, `moving_mean`,
    /// `moving_variance`.
    public var name: String
    /// The Keras 3 variable path, `<layer>/<name>` (tf.keras 2 files append `:0`).
    public var path: String
    /// The shape in Keras' TensorFlow layout: Conv2D `[kh, kw, cin, cout]`, DepthwiseConv2D
    /// `[kh, kw, cin, depth_multiplier]`, Dense `[in, out]`, BatchNormalization `[channels]`.
    public var shape: [Int]
    /// Whether Keras trains it (`false` for `moving_mean` and `moving_variance`).
    public var isTrainable: Bool

    /// Creates a variable description.
    public init(name: String, path: String, shape: [Int], isTrainable: Bool) {
        self.name = name
        self.path = path
        self.shape = shape
        self.isTrainable = isTrainable
    }

    /// Number of scalars, the product of ``shape``. O(rank).
    public var count: Int { shape.reduce(1, *) }
}

/// Parameter totals of an architecture, computed from its expected weights.
public struct KerasParameterCount: Sendable, Hashable {
    /// Every scalar of every variable: Keras' `model.count_params()`.
    public var total: Int
    /// Scalars Keras trains (everything but the batch-norm moving statistics).
    public var trainable: Int
    /// Batch-norm `moving_mean` and `moving_variance`.
    public var nonTrainable: Int
    /// Paper-style count: conv, depthwise and dense kernels and biases only — no batch-norm
    /// gamma, beta or statistics.
    public var withoutBatchNorm: Int

    /// Creates parameter totals.
    public init(total: Int, trainable: Int, nonTrainable: Int, withoutBatchNorm: Int) {
        self.total = total
        self.trainable = trainable
        self.nonTrainable = nonTrainable
        self.withoutBatchNorm = withoutBatchNorm
    }
}
