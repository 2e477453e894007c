import Foundation
import NeuraCore
import NeuraLSTM
import NeuraMusic
import Testing
@testable import NeuraComposer

/// The composer starts from the model's measured sampling defaults; what the user sets wins.
@Suite struct SamplingDefaultsTests {
    let measured = SamplingDefaults(temperature: 0.9, topP: nil, note: "sweep")

    @Test func choosingAModelAsksForItsDefaults() {
        var state = ComposerState()
        let effects = reduce(&state, .modelChosen(model: "folk", style: nil))
        #expect(effects.contains(.readSamplingDefaults(model: "folk")))
    }

    @Test func theModelsDefaultsReplaceWhatTheUserDidNotSet() {
        var state = ComposerState()
        let effects = reduce(&state, .modelSamplingDefaults(model: nil, measured))
        #expect(state.parameters.controls.temperature == 0.9)
        #expect(state.parameters.controls.topP == nil)
        #expect(state.message?.text == "chorale's measured defaults: temperature 0.90, top-p off (:temp and :topp override)")
        #expect(effects.contains(.saveSession), "the new values are the session's")

        // A model without measured defaults brings back the composer's own.
        _ = reduce(&state, .modelSamplingDefaults(model: nil, nil))
        #expect(state.parameters.controls.temperature == 1)
        #expect(state.parameters.controls.topP == 0.95)
        #expect(state.message?.text.hasPrefix("chorale has no measured defaults") == true)
    }

    @Test func whatTheUserSetIsKept() {
        var state = ComposerState()
        press(keys(":temp 1.2") + [.enter], into: &state)
        _ = reduce(&state, .modelSamplingDefaults(model: nil, SamplingDefaults(temperature: 0.8, topP: 0.9)))
        #expect(state.parameters.controls.temperature == 1.2)
        #expect(state.parameters.controls.topP == 0.9)

        press(keys(":topp 1") + [.enter], into: &state)
        _ = reduce(&state, .modelSamplingDefaults(model: nil, measured))
        #expect(state.parameters.controls.topP == nil)
        #expect(state.parameters.userChose == UserSamplingChoice(temperature: true, topP: true))

        var bracketed = ComposerState()
        press(keys("]"), into: &bracketed)
        _ = reduce(&bracketed, .modelSamplingDefaults(model: nil, measured))
        #expect(bracketed.parameters.controls.temperature == 1.05)
    }

    @Test func anAnswerForAnotherModelIsDropped() {
        var state = ComposerState()
        state.parameters.model = "folk"
        _ = reduce(&state, .modelSamplingDefaults(model: nil, measured))
        #expect(state.parameters.controls.temperature == 1)
    }

    @Test func sessionsKeepTheUsersChoicesAndOlderOnesAreRead() throws {
        var state = ComposerState()
        press(keys(":temp 0.7") + [.enter], into: &state)
        let saved = try JSONEncoder().encode(state.parameters)
        #expect(try JSONDecoder().decode(GenerationParameters.self, from: saved) == state.parameters)

        // Saved before the composer kept the choices: a value other than its own default was the user's.
        var older = try #require(try JSONSerialization.jsonObject(with: saved) as? [String: Any])
        older["userChose"] = nil
        let restored = try JSONDecoder().decode(GenerationParameters.self, from: JSONSerialization.data(withJSONObject: older))
        #expect(restored.userChose == UserSamplingChoice(temperature: true, topP: false))
    }

    /// A tiny model file with reference figures and defaults, found by name as installed models are.
    static func installedModel() throws -> (ModelLocator, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let encoding = EncodingConfig(stepsPerQuarter: 4, lowestPitch: 36, highestPitch: 96)
        var rng = SplitMix64(seed: 17)
        let config = try LSTMConfig(vocabularySize: encoding.vocabularySize, embeddingSize: 8, hiddenSize: 8, layers: 1)
        let model = try NeuraModel(
            name: "tiny", url: nil, parameters: LSTMParameters(config: config, rng: &rng), encoding: encoding,
            trainingRecord: "{}")
        let url = folder.appendingPathComponent("tiny.safetensors")
        try model.write(to: url)
        return (ModelLocator(directories: [(folder, "test")]), url)
    }

    @Test func theShellReadsTheModelFile() throws {
        let (locator, url) = try Self.installedModel()
        #expect(ModelFileReadings.samplingDefaults(of: "tiny", locator: locator) == [.modelSamplingDefaults(model: "tiny", nil)])
        try NeuraModel.recordSamplingDefaults(measured, inModelAt: url)
        try NeuraModel.recordReferenceFigures(EvaluationViewTests.chorales, inModelAt: url)
        #expect(ModelFileReadings.samplingDefaults(of: "tiny", locator: locator) == [.modelSamplingDefaults(model: "tiny", measured)])
        #expect(ModelFileReadings.samplingDefaults(of: "gone", locator: locator).isEmpty, "generating reports a missing model")

        let take = EvaluationViewTests.scaleTake().audibleScore
        let actions = ModelFileReadings.measure(take, requestID: 7, model: "tiny", locator: locator)
        guard case .takeMeasured(7, let evaluation)? = actions.first, actions.count == 1 else {
            Issue.record("expected one measurement, got \(actions)")
            return
        }
        #expect(evaluation.referenceLabel == "chorales")
        #expect(evaluation.model == "tiny")
        #expect(evaluation.figures.first { $0.name == "in key" }?.standing == .high)

        // Without the model file the take is still measured, and the status line says why there is no reference.
        let missing = ModelFileReadings.measure(take, requestID: 8, model: "gone", locator: locator)
        #expect(missing.count == 2)
        if case .error(let text)? = missing.first { #expect(text.contains("no model named \"gone\"")) } else {
            Issue.record("no error for the missing model: \(missing)")
        }
        if case .takeMeasured(8, let alone)? = missing.last { #expect(alone.referenceLabel == nil) } else {
            Issue.record("the take was not measured: \(missing)")
        }

        // A hand-edited record that the sampler would refuse is shown, not ignored.
        try NeuraModel.updateTrainingRecord(at: url, setting: ["samplingDefaults": ["temperature": 9, "topP": NSNull()]])
        guard case .error(let text)? = ModelFileReadings.samplingDefaults(of: "tiny", locator: locator).first else {
            Issue.record("a bad record was not reported")
            return
        }
        #expect(text.contains("samplingDefaults"))
    }
}
