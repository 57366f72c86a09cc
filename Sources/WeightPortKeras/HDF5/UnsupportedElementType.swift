/// The description of a dataset element type WeightPort does not import (`float64`, `int32`, ...).
struct UnsupportedElementType: Error {
    let description: String
}
