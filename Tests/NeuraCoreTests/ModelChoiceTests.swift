import Foundation
import NeuraLSTM
import NeuraMusic
import Testing
@testable import NeuraCore

/// `--style`, `--model`, `:style` and `:model` all resolve here: a style names a model trained on
/// it, or a STYLE token of a model trained on several; anything else is refused with the choices.
@Suite struct ModelChoiceTests {
    let locator: ModelLocator

    init() throws {
        let folder = TestModels.temporaryURL("models")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var rng = SplitMix64(seed: 1)
        for (name, styles) in [("chorale", [String]()), ("chorale-ahead", []), ("folk", []), ("mixed", ["baroque", "jig"])] {
            let encoding = EncodingConfig(lowestPitch: 48, highestPitch: 72, styles: styles)
            let config = try LSTMConfig(vocabularySize: encoding.vocabularySize, embeddingSize: 4, hiddenSize: 4, layers: 1)
            try NeuraModel(name: name, url: nil, parameters: LSTMParameters(config: config, rng: &rng), encoding: encoding,
                           trainingRecord: nil).write(to: folder.appendingPathComponent("\(name).safetensors"))
        }
        locator = ModelLocator(directories: [(folder, "bundled")])
    }

    @Test func aStyleNamesTheModelTrainedOnIt() throws {
        let folk = try locator.choose(model: nil, style: "folk")
        #expect(folk.name == "folk" && folk.style == nil && folk.url.lastPathComponent == "folk.safetensors")
        #expect(try locator.choose(model: nil, style: nil).name == "chorale")
        #expect(try locator.choose(model: "mixed", style: nil).style == "baroque")
        #expect(try locator.choose(model: "mixed", style: "jig").style == "jig")
        let path = try locator.resolve("mixed").path
        let byPath = try locator.choose(model: path, style: "jig")
        #expect(byPath.name == "mixed.safetensors" && byPath.style == "jig")
    }

    @Test func modelsAreListedByNameWhateverTheirFileNamesSortAs() {
        // "chorale-ahead.safetensors" sorts before "chorale.safetensors".
        #expect(locator.installed().map(\.name) == ["chorale", "chorale-ahead", "folk", "mixed"])
    }

    @Test func unknownNamesAreRefusedWithTheValidOnes() {
        for (model, style, mentions) in [
            (nil, "jazz", ["unknown style \"jazz\"", "chorale, chorale-ahead, folk, mixed"]),
            ("folk", "jig", ["model folk has no style \"jig\"", "trained on one style", "chorale, chorale-ahead, folk, mixed"]),
            ("mixed", "reel", ["model mixed has no style \"reel\"", "its styles are baroque, jig"]),
            ("nonesuch", nil, ["no model named \"nonesuch\"", "the installed models are chorale, chorale-ahead, folk, mixed"]),
        ] as [(String?, String?, [String])] {
            do {
                _ = try locator.choose(model: model, style: style)
                Issue.record("accepted model \(model ?? "-") style \(style ?? "-")")
            } catch {
                for mention in mentions { #expect(error.description.contains(mention), "\(error.description)") }
            }
        }
    }
}
