import ArgumentParser

/// The `weightport` root command: one subcommand per job, each a thin layer over the libraries.
struct WeightPortCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "weightport",
        abstract: "Convert Keras and ONNX MobileNets to WPK, inspect them, and prove they still compute the same logits.",
        discussion: """
        Exit codes: 0 success; 1 parity or integrity check failed; 2 bad usage or an unreadable, \
        invalid or unsupported input (the message names the file and the reason).
        """,
        version: WeightPortVersion.current,
        subcommands: [ConvertCommand.self, InspectCommand.self, RunCommand.self, ValidateCommand.self, VerifyCommand.self, BenchCommand.self]
    )
}
