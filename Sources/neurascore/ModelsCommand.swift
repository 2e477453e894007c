import ArgumentParser
import Foundation
import NeuraCore

struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the bundled and user models with their encoding, size and test NLL.",
        discussion: """
            Models are looked up in $NEURASCORE_MODELS, then $XDG_DATA_HOME/neurascore/models \
            (~/.local/share/neurascore/models), then the bundled ones. A user model shadows a bundled \
            one of the same name.
            """)

    @Flag(help: "Print JSON: a list of objects with name, path, origin, fileBytes, parameterCount, sizes, encoding and NLLs.")
    var json = false

    func run() throws {
        let locator = ModelLocator.standard()
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
