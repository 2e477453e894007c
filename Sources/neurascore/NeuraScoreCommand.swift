import ArgumentParser
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
            ModelsCommand.self, TrainCommand.self, EvalCommand.self, MetricsCommand.self, BenchCommand.self, RenderCommand.self,
        ],
        defaultSubcommand: ComposeCommand.self
    )

    static func main() {
        AtomicFile.reportFileSizeLimitAsAnError()
        main(nil)
    }
}
