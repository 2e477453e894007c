import Foundation
import NeuraComposer
import NeuraCore
import NeuraMusic
import Testing

/// The model's view (`o`, then a digit) with the bundled model, checked against an independent
/// path: `neurascore generate` on a seed of the kept context plus the pick, from the pick's step
/// to the take's end, drawing from the same variation's random stream.
@Suite struct ModelViewTests {
    let folder: URL
    let locator = ModelLocator(directories: ModelLocator.bundledFolders().map { ($0, "bundled") })
    let generator: ModelNoteGenerator

    init() throws {
        generator = ModelNoteGenerator(locator: locator)
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-pick-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// A new composer as the app opens it: the default model's measured sampling defaults applied.
    func openedComposer() throws -> ComposerState {
        var state = ComposerState()
        let defaults = try NeuraModel.load(contentsOf: locator.resolve(nil)).samplingDefaults()
        _ = reduce(&state, .modelSamplingDefaults(model: nil, defaults))
        return state
    }

    /// Runs the job the reducer asked for with the real model, feeding every event back.
    func runGeneration(_ effects: [Effect], on state: inout ComposerState) throws {
        guard let (jobID, job, model) = effects.lazy.compactMap({ effect -> (Int, GenerationJob, String?)? in
            if case .startGeneration(let jobID, let job, let model) = effect { return (jobID, job, model) }
            return nil
        }).first else {
            Issue.record("no generation was started: \(effects)")
            return
        }
        var local = state
        try generator.generate(job, model: model, emit: { _ = reduce(&local, .generation(jobID: jobID, $0)) }, isCancelled: { false })
        _ = reduce(&local, .generationFinished(jobID: jobID))
        state = local
    }

    /// Types a seed of four quarter notes and generates 2 bars in 3 variations at the default
    /// settings; then chooses, from `fraction` of the way into the take on, a note whose
    /// alternatives include another pitch, and the digit that picks it.
    func generateAndChooseAPick(on state: inout ComposerState, variation: Int = 0, from fraction: Double) throws
        -> (take: Variation, range: Range<Int>, original: SampledNote, digit: Int, pick: Note)
    {
        for key in [Key.character("i")] + "zxcv".map(Key.character) + [.escape] { _ = reduce(&state, .key(key)) }
        _ = reduce(&state, .key(.character("{")))
        _ = reduce(&state, .key(.character("{")))
        try runGeneration(reduce(&state, .key(.character("g"))), on: &state)
        for _ in 0..<variation { _ = reduce(&state, .key(.tab)) }
        let take = try #require(state.document.current)
        let range = try #require(state.document.generatedRange)
        let index = try #require(take.notes.indices.dropFirst(Int(Double(take.notes.count) * fraction)).first { index in
            take.notes[index].alternatives.contains { $0.pitch != take.notes[index].note.pitch }
        })
        let original = take.notes[index]
        let digit = try #require(original.alternatives.firstIndex { $0.pitch != original.note.pitch }) + 1
        var pick = original.note
        pick.pitch = original.alternatives[digit - 1].pitch
        return (take, range, original, digit, pick)
    }

    /// What `generate` gives for the composer's pick: the notes it writes after the seed.
    static func generateFromPick(
        context: [Note], parts: [Part], range: Range<Int>, variation: Int, controls: GenerationControls, folder: URL
    ) throws -> [Note] {
        let meter = Score()
        let seed = folder.appendingPathComponent("kept-context-\(variation).mid")
        try ScoreFile.save(Score(notes: context, parts: parts), to: seed)
        let out = folder.appendingPathComponent("from-pick.mid")
        var arguments = [
            "generate", "--seed-midi", seed.path, "--start", ScorePosition(step: range.lowerBound, in: meter).description,
            "--end", ScorePosition(step: range.upperBound, in: meter).description,
            "--temperature", "\(controls.temperature)", "--rng-seed", "\(controls.rngSeed)",
            "--num-outputs", "\(variation + 1)", "-o", out.path,
        ]
        if let topP = controls.topP { arguments += ["--top-p", "\(topP)"] }
        let result = try NeuraScoreBinary.run(arguments, timeout: 120)
        #expect(result.exitCode == 0, "\(result.stderr)")
        let written = variation == 0 ? out : folder.appendingPathComponent("from-pick-\(variation + 1).mid")
        var notes = try ScoreFile.load(contentsOf: written).score.notes
        // The seed comes back first in the written file; two voices may share a pitch, so each
        // context note takes away one written note, not all that look like it.
        for note in context {
            if let index = notes.firstIndex(where: { $0.pitch == note.pitch && $0.start == note.start && $0.length == note.length }) {
                notes.remove(at: index)
            }
        }
        return notes
    }

    /// The notes heard before `pick`: earlier steps, and on its step the notes the model writes
    /// before it (top part first, then up in pitch).
    static func heardBefore(_ pick: Note, in notes: [Note]) -> [Note] {
        notes.filter { ($0.start, $0.part, $0.pitch) < (pick.start, pick.part, pick.pitch) }
    }

    static func shape(_ notes: [Note]) -> [[Int]] {
        notes.map { [$0.start, $0.pitch, $0.length] }.sorted { $0.lexicographicallyPrecedes($1) }
    }

    @Test(arguments: [0, 1])
    func aPickSamplesWhatGenerateSamplesFromTheKeptContextPlusThePick(variation: Int) throws {
        var state = try openedComposer()
        let (take, range, original, digit, pick) = try generateAndChooseAPick(
            on: &state, variation: variation, from: 1.0 / 3)
        state.cursor = Cursor(step: original.note.start, pitch: original.note.pitch)
        _ = reduce(&state, .key(.character("o")))
        try runGeneration(reduce(&state, .key(.character(Character("\(digit)")))), on: &state)
        #expect(state.message?.text.hasPrefix("picked \(PitchName.name(of: pick.pitch)), resampled bars") == true)

        // The pick replaced the sampled note, and nothing after it is the old take's.
        let resampled = try #require(state.document.current).notes.map(\.note)
        #expect(resampled.contains(pick))
        #expect(!resampled.contains(original.note) || original.note.pitch == pick.pitch)
        let kept = state.document.score.notes + Self.heardBefore(pick, in: resampled) + [pick]
        let sampledAfter = resampled.filter { !kept.contains($0) }
        let expected = try Self.generateFromPick(
            context: kept, parts: state.document.score.parts, range: pick.start..<range.upperBound, variation: variation, controls: state.parameters.controls,
            folder: folder)
        #expect(!expected.isEmpty)
        #expect(Self.shape(sampledAfter) == Self.shape(expected))
        // `u` undoes the pick.
        _ = reduce(&state, .key(.character("u")))
        #expect(state.document.current?.notes.map(\.note) == take.notes.map(\.note))
    }
}
