/// Which framework wrote a file: the two disagree on the meaning of some names.
enum KerasDialect: Sendable, Hashable {
    /// Keras 3 (`keras_version` 3.x).
    case keras3
    /// tf.keras / tf_keras 2 (`keras_version` 2.x).
    case tfKeras2

    /// The dialect a `keras_version` string denotes; versions other than 2.x count as Keras 3.
    init(kerasVersion: String?) {
        self = kerasVersion?.hasPrefix("2.") == true ? .tfKeras2 : .keras3
    }
}
