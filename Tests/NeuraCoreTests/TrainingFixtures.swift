import Foundation
import NeuraLSTM
import NeuraMusic
@testable import NeuraCore

/// Real corpora for training tests: seeded random melodies and chords written as Standard MIDI
/// Files by our writer, and token files written in `neurascore encode`'s format.
enum TrainingFixtures {
    static let encoding = EncodingConfig(stepsPerQuarter: 4, lowestPitch: 48, highestPitch: 72, maxLength: 8, maxShift: 4)

    static func folder(_ label: String) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-\(label)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A random piece: notes and two-note chords on the grid, inside 50…70 so a ±2 shift fits.
    static func score(seed: UInt64, steps: Int = 24) -> Score {
        var rng = SplitMix64(seed: seed)
        var notes: [Note] = []
        var start = 0
        while start < steps {
            let pitch = 50 + Int(rng.next() % 18)
            let length = 1 + Int(rng.next() % 4)
            notes.append(Note(pitch: pitch, start: start, length: length))
            if rng.next() % 3 == 0 { notes.append(Note(pitch: pitch + 3, start: start, length: length)) }
            start += 1 + Int(rng.next() % 3)
        }
        return Score(stepsPerQuarter: 4, notes: notes)
    }

    /// `count` MIDI files `piece-NN.mid` in a fresh folder.
    static func midiCorpus(count: Int, seed: UInt64 = 1) throws -> URL {
        let url = folder("midi")
        for index in 0..<count {
            let file = MIDIFile(score: score(seed: seed &+ UInt64(index)))
            try MIDIWriter.write(file, to: url.appendingPathComponent(String(format: "piece-%02d.mid", index)))
        }
        return url
    }

    /// A token file pair NAME.npy + NAME.json holding `pieces` under `encoding`.
    static func tokenFile(pieces: [[Int]], encoding: EncodingConfig = encoding, in folder: URL, name: String = "tokens") throws -> URL {
        var offset = 0
        var manifestPieces: [TokenFileManifest.Piece] = []
        for (index, piece) in pieces.enumerated() {
            manifestPieces.append(.init(source: "piece-\(index)", offset: offset, length: piece.count, transposition: 0))
            offset += piece.count
        }
        let base = folder.appendingPathComponent(name)
        let (npy, json) = TokenFile.urls(base: base)
        try NumPyInt32.write(pieces.flatMap { $0.map { Int32($0) } }, to: npy)
        try AtomicFile.write(try TokenFileManifest(encoding: encoding, pieces: manifestPieces).jsonBytes(), to: json)
        return npy
    }

    static func encodedPieces(count: Int, seed: UInt64 = 1) throws -> [[Int]] {
        try (0..<count).map { try encoding.encode(score(seed: seed &+ UInt64($0))) }
    }

    /// A request for a tiny, fast model; dropout and transposition on so the resume test
    /// covers every random stream.
    static func request(corpus: [String], output: URL, steps: Int) -> TrainingRequest {
        var request = TrainingRequest(corpus: corpus, output: output)
        var overrides = TrainingOverrides()
        overrides.layers = 2
        overrides.hiddenSize = 8
        overrides.embeddingSize = 4
        overrides.sequenceLength = 12
        overrides.batchSize = 3
        overrides.steps = steps
        overrides.learningRate = 0.01
        overrides.warmupSteps = 3
        overrides.dropout = 0.3
        overrides.transpositions = -2...2
        overrides.validationFraction = 0.25
        overrides.seed = 5
        overrides.checkpointEvery = 0
        overrides.evaluateEvery = 0
        request.overrides = overrides
        return request
    }
}
