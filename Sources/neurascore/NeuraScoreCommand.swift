import ArgumentParser
import Foundation
import NeuraCore
import NeuraMusic

@main
struct NeuraScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "neurascore",
        abstract: "Compose with an LSTM in the terminal; train, generate, evaluate and inspect MIDI.",
        version: neuraScoreVersion,
        subcommands: [
            ComposeCommand.self, InfoCommand.self, QuantizeCommand.self, EncodeCommand.self, GenerateCommand.self,
            HarmonizeCommand.self, InfillCommand.self,
            ModelsCommand.self, TrainCommand.self, EvalCommand.self, MetricsCommand.self, BenchCommand.self, RenderCommand.self,
        ],
        defaultSubcommand: ComposeCommand.self
    )

    static func main() {
        AtomicFile.reportFileSizeLimitAsAnError()
        let arguments = Array(CommandLine.arguments.dropFirst())
        let commands = configuration.subcommands.map { $0.configuration.commandName ?? "" } + ["help"]
        if let problem = CommandLineTriage.unknownCommand(in: arguments, commands: commands) {
            printError("Error: " + problem)
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        main(CommandLineTriage.joiningNegativeNumbers(arguments))
    }
}
