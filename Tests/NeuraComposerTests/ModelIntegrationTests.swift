import Foundation
import NeuraCore
import NeuraMusic
import Testing
@testable import NeuraComposer

/// The composer driving the real sampler and the real MIDI files, through its two service seams.
@Suite struct ModelIntegrationTests {
    let folder: URL
    /// The models that ship, and nothing else.
    let locator = ModelLocator(directories: ModelLocator.bundledFolders().map { ($0, "bundled") })

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-composer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    private func job(range: Range<Int> = 16..<48, variations: Int = 2) -> GenerationJob {
        let seed = Score(notes: [Note(pitch: 60, start: 0, length: 8), Note(pitch: 67, start: 8, length: 8)])
        var controls = GenerationParameters().controls
        controls.rngSeed = 9
        controls.variations = variations
        controls.scale = try? Scale(parsing: "C major")
        return GenerationJob(score: seed, range: range, controls: controls)
    }

    @Test(arguments: [nil, "folk"])
    func theBundledModelsStreamNotesEntropyAndProgressForEveryVariation(model: String?) throws {
        let generator = ModelNoteGenerator(locator: locator)
        var notes: [Int: [SampledNote]] = [:]
        var entropySteps = Set<Int>()
        var progress: [Int: Int] = [:]
        try generator.generate(job(), model: model, emit: { event in
            switch event {
            case .note(let variation, let note): notes[variation, default: []].append(note)
            case .entropy(_, let step, _): entropySteps.insert(step)
            case .progress(let variation, let step, _): progress[variation] = step
            case .opening, .warning, .notice, .parts: break
            }
        }, isCancelled: { false })
        #expect(Set(notes.keys) == [0, 1])
        for note in notes.values.joined() {
            #expect(note.note.start >= 16 && note.note.end <= 48)
            #expect(try Scale(parsing: "C major").contains(pitch: note.note.pitch))
            #expect(note.alternatives.contains { $0.pitch == note.note.pitch })
            #expect(note.alternatives.allSatisfy { (0...1).contains($0.probability) })
        }
        #expect(entropySteps == Set(16..<48))
        #expect(progress == [0: 32, 1: 32])
    }

    @Test func cancellationReturnsQuietlyWithWhatStreamed() throws {
        let generator = ModelNoteGenerator(locator: locator)
        var polls = 0
        try generator.generate(job(range: 16..<528), model: nil, emit: { _ in }, isCancelled: {
            polls += 1
            return polls > 3
        })
        #expect(polls == 4)
    }

    @Test func aMissingModelIsAnErrorThatNamesIt() {
        let generator = ModelNoteGenerator(locator: ModelLocator(directories: [(folder.appendingPathComponent("none"), "bundled")]))
        #expect(throws: ModelError.self) {
            try generator.generate(job(), model: nil, emit: { _ in }, isCancelled: { false })
        }
    }

    @Test func writtenTakesKeepSeedAndVariationOnTheirOwnTracks() throws {
        var state = ComposerState()
        state.document = ComposerDocument(
            score: Score(notes: [Note(pitch: 60, start: 0, length: 4)]),
            variations: [Variation(notes: [SampledNote(note: Note(pitch: 64, start: 4, length: 4))])])
        let take = state.exportedTake
        #expect(take.takeInfo["rng-seed"] == "\(state.parameters.controls.rngSeed)")
        let path = folder.appendingPathComponent("take.mid").path
        try MIDIScoreFiles().writeTake(take, toPath: path)
        let file = try MIDIReader.read(contentsOf: URL(fileURLWithPath: path)).file
        let names = file.tracks.map { track in
            track.events.compactMap { event -> String? in
                guard case .meta(0x03, let data) = event.message else { return nil }
                return String(decoding: data, as: UTF8.self)
            }.first
        }
        // The variation's notes are in the seed's part, on a track of their own after the part's.
        #expect(names == ["take", "Part 1", "Part 1 (NeuraScore)"])
        let (reloaded, _) = try MIDIScoreFiles().readScore(atPath: path, stepsPerQuarter: 4)
        #expect(reloaded.notes.map(\.pitch).sorted() == [60, 64])
    }

    @Test func aDamagedFileIsAnErrorNamingIt() throws {
        let path = folder.appendingPathComponent("broken.mid").path
        try Data("MThd garbage".utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try MIDIScoreFiles().readScore(atPath: path, stepsPerQuarter: 4)
            Issue.record("read a damaged file")
        } catch {
            #expect("\(error)".contains(path))
        }
    }
}
