import Foundation
import NeuraCore
import NeuraLSTM
import NeuraMusic
import Testing
@testable import NeuraComposer

/// The composer driving the real sampler and the real MIDI files, through its two service seams.
@Suite struct ModelIntegrationTests {
    let folder: URL
    let locator: ModelLocator

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-composer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let encoding = EncodingConfig(stepsPerQuarter: 4, lowestPitch: 36, highestPitch: 96, styles: ["chorale"])
        var rng = SplitMix64(seed: 5)
        let config = try LSTMConfig(vocabularySize: encoding.vocabularySize, embeddingSize: 8, hiddenSize: 16, layers: 2)
        try NeuraModel(
            name: "chorale", url: nil, parameters: LSTMParameters(config: config, rng: &rng), encoding: encoding,
            trainingRecord: nil
        ).write(to: folder.appendingPathComponent("chorale.safetensors"))
        locator = ModelLocator(directories: [(folder, "bundled")])
    }

    private func request(startStep: Int = 16, lengthSteps: Int = 32, variations: Int = 2) -> GenerationRequest {
        let seed = Score(notes: [Note(pitch: 60, start: 0, length: 8), Note(pitch: 67, start: 8, length: 8)])
        return GenerationRequest(
            jobID: 1, seed: seed, startStep: startStep, lengthSteps: lengthSteps, temperature: 1, topP: 0.95,
            rngSeed: 9, style: "chorale", modelPath: nil, scale: try? Scale(parsing: "C major"),
            variationCount: variations)
    }

    @Test func streamsNotesEntropyAndProgressForEveryVariation() throws {
        let generator = ModelNoteGenerator(locator: locator)
        var notes: [Int: [GeneratedNote]] = [:]
        var entropySteps = Set<Int>()
        var progress: [Double] = []
        try generator.generate(request: request(), emit: { event in
            switch event {
            case .note(let variation, let note): notes[variation, default: []].append(note)
            case .entropy(_, let step, _): entropySteps.insert(step)
            case .progress(let fraction): progress.append(fraction)
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
        #expect(progress.last == 1)
    }

    @Test func cancellationReturnsQuietlyWithWhatStreamed() throws {
        let generator = ModelNoteGenerator(locator: locator)
        var polls = 0
        try generator.generate(request: request(lengthSteps: 512), emit: { _ in }, isCancelled: {
            polls += 1
            return polls > 3
        })
        #expect(polls == 4)
    }

    @Test func aMissingModelIsAnErrorThatNamesIt() {
        let generator = ModelNoteGenerator(locator: ModelLocator(directories: [(folder.appendingPathComponent("none"), "bundled")]))
        #expect(throws: ModelError.self) {
            try generator.generate(request: request(), emit: { _ in }, isCancelled: { false })
        }
    }

    @Test func writtenTakesKeepSeedAndVariationOnTheirOwnTracks() throws {
        var state = ComposerState()
        state.document = ComposerDocument(
            score: Score(notes: [Note(pitch: 60, start: 0, length: 4)]),
            variations: [Variation(notes: [GeneratedNote(note: Note(pitch: 64, start: 4, length: 4))])])
        let take = state.exportedTake
        #expect(take.takeInfo["rng-seed"] == "\(state.parameters.rngSeed)")
        let path = folder.appendingPathComponent("take.mid").path
        try MIDIScoreFiles().writeTake(take, toPath: path)
        let file = try MIDIReader.read(contentsOf: URL(fileURLWithPath: path)).file
        let names = file.tracks.map { track in
            track.events.compactMap { event -> String? in
                guard case .meta(0x03, let data) = event.message else { return nil }
                return String(decoding: data, as: UTF8.self)
            }.first
        }
        // The composer puts the variation in a part after the seed's, so it is "Part 2 (NeuraScore)".
        #expect(names == ["take", "Part 1", "Part 2 (NeuraScore)"])
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
