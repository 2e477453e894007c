import Foundation
import NeuraCore
import NeuraLSTM
import NeuraMusic
import Testing
@testable import NeuraComposer

/// G and the model's view with real four-part models (small, random weights, written to a model
/// folder as a user's would be), through the composer's own generator and reducer: the melody
/// comes back note for note, and only the other parts are written.
@Suite struct HarmonizeWithAModelTests {
    let folder: URL
    let generator: ModelNoteGenerator

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-harmonize-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, anticipation) in [("satb", 8), ("satb-forced", 0)] {
            try Self.randomPartsModel(name: name, anticipation: anticipation).write(to: folder.appendingPathComponent("\(name).safetensors"))
        }
        try Self.randomSingleVoiceModel().write(to: folder.appendingPathComponent("melody.safetensors"))
        generator = ModelNoteGenerator(locator: ModelLocator(directories: [(folder, "user")]))
    }

    static let roles = [PartRole("soprano", program: 52), PartRole("alto", program: 52),
                        PartRole("tenor", program: 52), PartRole("bass", program: 52)]

    /// Four voices, with controls (`anticipation` steps ahead) or, at 0, without.
    static func randomPartsModel(name: String, anticipation: Int) throws -> NeuraModel {
        let encoding = EncodingConfig(stepsPerQuarter: 4, lowestPitch: 36, highestPitch: 84, maxLength: 16, maxShift: 8,
                                      parts: roles, anticipation: anticipation)
        var rng = SplitMix64(seed: 9)
        let config = try LSTMConfig(vocabularySize: encoding.vocabularySize, embeddingSize: 12, hiddenSize: 24, layers: 1)
        return try NeuraModel(name: name, url: nil, parameters: LSTMParameters(config: config, rng: &rng), encoding: encoding,
                              trainingRecord: nil)
    }

    static func randomSingleVoiceModel() throws -> NeuraModel {
        let encoding = EncodingConfig(stepsPerQuarter: 4, lowestPitch: 36, highestPitch: 84, maxLength: 16, maxShift: 8)
        var rng = SplitMix64(seed: 5)
        let config = try LSTMConfig(vocabularySize: encoding.vocabularySize, embeddingSize: 8, hiddenSize: 16, layers: 1)
        return try NeuraModel(name: "melody", url: nil, parameters: LSTMParameters(config: config, rng: &rng),
                              encoding: encoding, trainingRecord: nil)
    }

    /// Two bars of a tune typed into part 1, named nothing a model knows; the model chosen by name.
    func melodyState(model: String) -> ComposerState {
        var state = ComposerState()
        press([.character("i")] + keys("qwertrew") + [.escape], into: &state)
        state.parameters.model = model
        state.parameters.controls.variations = 2
        return state
    }

    func run(_ effects: [Effect], on state: inout ComposerState) throws {
        let request = try #require(generationRequests(in: effects).first)
        try stream(request, through: generator, into: &state)
        #expect(state.generation == .idle, "the job failed: \(state.message?.text ?? "")")
    }

    @Test(arguments: ["satb", "satb-forced"])
    func harmonisingKeepsTheMelodysNotesExactlyAndWritesOnlyTheOtherParts(model: String) throws {
        var state = melodyState(model: model)
        let melody = state.document.score.notes
        try run(press(keys("G"), into: &state), on: &state)
        #expect(state.document.parts.map(\.name) == ["Part 1", "Alto", "Tenor", "Bass"])
        #expect(state.document.parts.dropFirst().allSatisfy { $0.program == 52 })
        for variation in state.document.variations {
            #expect(!variation.notes.isEmpty)
            #expect(variation.notes.allSatisfy { $0.note.part != 0 }, "a note was written in the melody's part")
            #expect(variation.notes.allSatisfy { $0.note.start >= 0 && $0.note.end <= 32 })
        }
        #expect(state.document.visibleSeedNotes == melody)
        press([.tab], into: &state)
        press(keys("a"), into: &state)
        #expect(state.document.score.notes.filter { $0.part == 0 } == melody)

        // The written file has the melody's track as it was, and a track per written part.
        let path = folder.appendingPathComponent("harmonised-\(model).mid").path
        try MIDIScoreFiles().writeTake(state.exportedTake, toPath: path)
        let (written, _) = try MIDIScoreFiles().readScore(atPath: path, stepsPerQuarter: 4)
        #expect(written.parts.map(\.name) == ["Part 1", "Alto", "Tenor", "Bass"])
        #expect(written.notes.filter { $0.part == 0 }.map { [$0.pitch, $0.start, $0.length] }
            == melody.map { [$0.pitch, $0.start, $0.length] })
    }

    @Test func aPartNamedBassIsKeptAsTheBassAndTheVoicesAboveAreWritten() throws {
        var state = ComposerState()
        press(keys(":part Bass") + [.enter, .character("i"), .down, .down] + keys("zxcvbvcx") + [.escape], into: &state)
        state.parameters.model = "satb"
        let bass = state.document.score.notes
        try run(press(keys("G"), into: &state), on: &state)
        #expect(state.document.parts.map(\.name) == ["Bass", "Soprano", "Alto", "Tenor"])
        #expect(state.document.variations.allSatisfy { !$0.notes.isEmpty && $0.notes.allSatisfy { $0.note.part != 0 } })
        #expect(state.document.visibleSeedNotes == bass)
    }

    @Test func theModelsViewWorksOnAHarmonisedNote() throws {
        var state = melodyState(model: "satb")
        let melody = state.document.score.notes
        try run(press(keys("G"), into: &state), on: &state)
        let take = try #require(state.document.current)
        // A note after the first step whose cursor position names it alone, with a choice in another place.
        let index = try #require(take.notes.indices.first { index in
            var probe = state
            probe.cursor = Cursor(step: take.notes[index].note.start, pitch: take.notes[index].note.pitch)
            return take.notes[index].note.start > 0 && probe.generatedNoteIndexAtCursor == index
                && take.notes[index].alternatives.contains { $0.pitch != take.notes[index].note.pitch }
        })
        let original = take.notes[index]
        let choice = try #require(original.alternatives.firstIndex { $0.pitch != original.note.pitch })
        state.cursor = Cursor(step: original.note.start, pitch: original.note.pitch)
        press(keys("o"), into: &state)
        #expect(state.mode == .alternatives(noteIndex: index))
        let effects = press(keys("\(choice + 1)"), into: &state)
        let resample = try #require(generationRequests(in: effects).first)
        #expect(resample.job.keptParts == [0])
        #expect(resample.job.pick?.part == original.alternatives[choice].part)
        try run(effects, on: &state)
        let picked = try #require(state.document.current)
        #expect(picked.notes.contains { $0.note == resample.job.pick })
        #expect(picked.notes.allSatisfy { $0.note.part != 0 })
        #expect(state.document.visibleSeedNotes == melody)
        #expect(state.message?.text.hasPrefix("picked") == true)
    }

    @Test func aSingleVoiceModelGivenSeveralPartsWritesIntoTheCurrentOneAndSaysSo() throws {
        var state = melodyState(model: "melody")
        press(keys(":part Bass") + [.enter], into: &state)
        press([.home, .character("i"), .down, .down] + keys("zc") + [.escape], into: &state)
        var notices: [String] = []
        let request = try #require(generationRequests(in: press(keys("g"), into: &state)).first)
        try generator.generate(request.job, model: request.model, emit: { event in
            if case .notice(let text) = event { notices.append(text) }
            _ = reduce(&state, .generation(jobID: request.jobID, event))
            if case .notice = event { #expect(state.message?.text == notices.last) }
        }, isCancelled: { false })
        _ = reduce(&state, .generationFinished(jobID: request.jobID))
        #expect(notices == ["this model writes one voice: the parts were merged into one"])
        #expect(state.document.variations.allSatisfy { $0.notes.allSatisfy { $0.note.part == 1 } })
        #expect(state.message?.text.contains("this model writes one voice") == true)
        // Harmonising needs a model that writes several parts: the failure says so, and the take is back.
        let before = state.document
        let harmonise = try #require(generationRequests(in: press(keys(":part 1") + [.enter] + keys("G"), into: &state)).first)
        do {
            try generator.generate(harmonise.job, model: harmonise.model, emit: { _ in }, isCancelled: { false })
            Issue.record("a single-voice model harmonised")
        } catch {
            _ = reduce(&state, .generationFailed(jobID: harmonise.jobID, message: String(describing: error)))
        }
        #expect(state.message?.isError == true)
        #expect(state.message?.text.hasPrefix("generation failed: this model writes one voice, so it cannot write parts around") == true)
        #expect(state.document == before)
    }
}
