/// The version of this build of WeightPort, recorded in every WPK's provenance.
enum WeightPortVersion {
    /// Semantic version of the tool.
    static let current = "0.1.0"
}
