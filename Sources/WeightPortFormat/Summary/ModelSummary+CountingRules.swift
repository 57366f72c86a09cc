extension ModelSummary {
    /// How `inspect` counts, in a few lines of plain text for `inspect --help` and the README.
    public static let countingRules = """
        Counting rules (weightport inspect):
          params  Every element of every stored tensor a layer references: convolution and dense
                  kernels and biases, and all four batch-norm tensors (gamma, beta, moving mean,
                  moving variance), as Keras' count_params() counts them. A tensor shared by two
                  layers counts once, at its first user. Batch-norm mean and variance are also
                  given apart ("non-trainable"): papers leave them out.
          MACs    Multiply-accumulates for one sample (batch 1):
                    conv2d  H_out·W_out·C_out·kh·kw·C_in/groups
                    dense   in·out (per position when applied to more than a vector)
                  Everything else counts 0: bias additions, batch norm, activations, add, mul,
                  pooling, padding, rescaling, softmax.
          kind    depthwise_conv: conv2d with groups = C_in > 1; pointwise_conv: 1×1 conv2d with
                  groups 1; standard_conv: any other conv2d; dense; other.
          separable
                  Each depthwise k×k conv whose output reaches one pointwise conv through batch
                  norm, activations or squeeze-and-excite gating: (dw MACs + pw MACs) / MACs of
                  the standard k×k conv from the same C_in to the same N output channels at the
                  depthwise's output size (so a stride-2 depthwise is compared with a stride-2
                  conv), next to the closed form 1/N + 1/k².
        """
}
