import Foundation
import NeuraMusic

/// Every metric of one MIDI file.
public struct PieceMetrics: Sendable {
    public var source: String
    /// MusPy's figures and Yang & Lerch's features are taken on the notes in ticks.
    public var ticks: TickScore
    public var muspy: MusPyMetrics
    public var features: PieceFeatures
    /// Harmony and part-writing are judged on the step grid, in parts.
    public var harmony: HarmonyFigures

    /// The grid that harmony and part-writing are judged on: sixteenth notes.
    public static let stepsPerQuarter = 4

    public init(ticks: TickScore, score: Score, keySignatureIsKnown: Bool, source: String) {
        self.source = source
        self.ticks = ticks
        muspy = MusPyMetrics(ticks)
        features = PieceFeatures(ticks)
        harmony = HarmonyFigures(score: score, keySignatureIsKnown: keySignatureIsKnown)
    }

    /// Reads and measures a file. Throws what the MIDI reader and the quantiser throw, each
    /// error naming the file and the problem.
    public init(contentsOf url: URL) throws {
        let read = try MIDIReader.read(contentsOf: url)
        try self.init(midi: read.file, source: url.path)
    }

    public init(midi: MIDIFile, source: String) throws {
        let (score, _) = try Quantizer.score(from: midi, stepsPerQuarter: Self.stepsPerQuarter, source: source)
        let ticks = TickScore(midi: midi)
        self.init(ticks: ticks, score: score, keySignatureIsKnown: !ticks.keySignatures.isEmpty, source: source)
    }
}
