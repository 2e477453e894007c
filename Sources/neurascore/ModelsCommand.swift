import ArgumentParser
import Foundation
import NeuraCore

struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the bundled and user models with their encoding, size, test NLL, sampling defaults and reference figures.",
        discussion: """
            Models are looked up in $NEURASCORE_MODELS, then $XDG_DATA_HOME/neurascore/models \
            (~/.local/share/neurascore/models), then the bundled ones. A user model shadows a bundled \
            one of the same name. --set-defaults MODEL --temperature T [--top-p P] [--note TEXT] writes \
            measured sampling defaults into a model file (generate, harmonize, infill and the composer \
            start from them; a user's value wins); --clear-defaults MODEL removes them. Only the training \
            record changes.
            """)

    @Flag(help: "Print JSON: a list of objects with name, path, origin, fileBytes, parameterCount, sizes, encoding, NLLs, samplingDefaults and referenceFigures.")
    var json = false

    @Option(help: "Write sampling defaults into this model (a name or .safetensors path); give --temperature.")
    var setDefaults: String?

    @Option(help: "Remove the sampling defaults from this model (a name or .safetensors path).")
    var clearDefaults: String?

    @Option(help: "With --set-defaults: the temperature, 0.05…3.")
    var temperature: Float?

    @Option(help: "With --set-defaults: the top-p, in (0, 1]; 1 or leaving it out is off.")
    var topP: Float?

    @Option(help: "With --set-defaults: how the values were chosen (shown by `neurascore models`).")
    var note: String?

    func validate() throws {
        if setDefaults != nil, clearDefaults != nil { throw ValidationError("give --set-defaults or --clear-defaults, not both") }
        if setDefaults != nil {
            guard temperature != nil else { throw ValidationError("--set-defaults needs --temperature") }
        } else if temperature != nil || topP != nil || note != nil {
            throw ValidationError("--temperature, --top-p and --note go with --set-defaults MODEL")
        }
        if (setDefaults != nil || clearDefaults != nil), json {
            throw ValidationError("--json lists the models; run it on its own after --set-defaults or --clear-defaults")
        }
    }

    func run() throws {
        let locator = ModelLocator.standard()
        if let model = setDefaults, let temperature {
            let url = try locator.resolve(model)
            let defaults = SamplingDefaults(temperature: temperature, topP: topP == 1 ? nil : topP, note: note)
            try NeuraModel.recordSamplingDefaults(defaults, inModelAt: url)
            print("wrote sampling defaults \(defaults.summary) into \(url.path)")
            return
        }
        if let model = clearDefaults {
            let url = try locator.resolve(model)
            try NeuraModel.recordSamplingDefaults(nil, inModelAt: url)
            print("removed the sampling defaults from \(url.path)")
            return
        }
        let summaries = locator.installed().map(ModelSummary.init(entry:))
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(summaries), as: UTF8.self))
            return
        }
        guard !summaries.isEmpty else {
            print("no models found; looked in:")
            for directory in locator.directories { print("  \(directory.url.path) (\(directory.origin))") }
            return
        }
        for summary in summaries { print(summary.textLine) }
    }
}
