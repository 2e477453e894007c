import Foundation
import NeuraMetrics
import NeuraMusic

/// Where a metric of the reference corpus lies: its 5th, 25th, 50th, 75th and 95th
/// percentiles over the pieces that define it.
public struct ReferenceSpread: Hashable, Sendable {
    public var p5: Double
    public var p25: Double
    public var median: Double
    public var p75: Double
    public var p95: Double
    public var pieces: Int

    public init(p5: Double, p25: Double, median: Double, p75: Double, p95: Double, pieces: Int) {
        (self.p5, self.p25, self.median, self.p75, self.p95, self.pieces) = (p5, p25, median, p75, p95, pieces)
    }

    /// How a value stands against the spread: judged by the percentiles, not by the mean alone,
    /// so a figure that varies a lot between pieces is not flagged for an ordinary excursion.
    public func standing(of value: Double) -> TakeFigure.Standing {
        // Percentiles interpolate between pieces' values, so allow for the last bits of rounding.
        let slack = 1e-9 * max(1, abs(p5), abs(p95))
        if value < p5 - slack { return .low }
        if value > p95 + slack { return .high }
        if value >= p25 - slack, value <= p75 + slack { return .typical }
        return .usual
    }
}

/// One figure of a take beside the reference's ("in key 0.92 (chorales 0.94)").
public struct TakeFigure: Hashable, Sendable {
    public enum Standing: Hashable, Sendable {
        /// In the middle half of the reference pieces (25th–75th percentile).
        case typical
        /// Within the 5th–95th percentiles, outside the middle half.
        case usual
        /// Below the 5th or above the 95th percentile: far off.
        case low, high
        /// No reference figure, or no value for the take.
        case unjudged

        public var isFarOff: Bool { self == .low || self == .high }
    }

    /// What a musician calls it ("in key").
    public var name: String
    /// Section and key in `neurascore metrics --json` ("muspy.scaleConsistency").
    public var key: String
    /// nil where the take does not define it (no notes, or no part-writing).
    public var value: Double?
    public var reference: ReferenceSpread?
    /// Decimals worth showing.
    public var decimals: Int
    public var standing: Standing
}

/// The evaluation view's figures: a take measured as `neurascore metrics` measures a file,
/// beside the model's reference figures (`ReferenceFigures`) where the model file has them.
public struct TakeEvaluation: Hashable, Sendable {
    public var figures: [TakeFigure]
    /// The reference's name ("chorales"); nil when the model file holds no reference figures.
    public var referenceLabel: String?
    public var referencePieces: Int
    /// The model as the user named it, for the hint that says how to record its figures.
    public var model: String
    public var noteCount: Int
    /// The bars from the start of the score to the take's last note.
    public var bars: Int

    /// The figures shown, in order: those that do not grow with the take's length, so that a
    /// few bars compare fairly with whole pieces. Section, key, name, decimals.
    public static let shownFigures: [(section: String, key: String, name: String, decimals: Int)] = [
        ("muspy", "scaleConsistency", "in key", 2),
        ("muspy", "pitchClassEntropy", "pitch-class entropy", 2),
        ("muspy", "polyphony", "polyphony", 1),
        ("mgeval", "averagePitchInterval", "mean interval", 1),
        ("mgeval", "averageInterOnsetInterval", "onset gap (beats)", 2),
        ("muspy", "emptyBeatRate", "empty beats", 2),
        ("muspy", "pitchRange", "pitch range", 0),
        ("harmony", "parallelFifthsPer100ChordChanges", "parallel 5ths /100", 1),
        ("harmony", "parallelOctavesPer100ChordChanges", "parallel 8ves /100", 1),
        ("harmony", "voiceCrossingsPer100Chords", "voice crossings /100", 1),
        ("harmony", "outOfRangeShare", "out of range", 2),
    ]

    /// Measures `take` (the audible score: the seed with the current variation laid in) as
    /// `metrics` measures the MIDI file of it, each part on its own track. Figures that neither
    /// the take nor the reference defines (part-writing of a melody) are left out.
    public init(take: Score, reference: ReferenceFigures?, model: String) throws {
        let file = MIDIFile(score: take, options: ExportOptions(title: "take"))
        let piece = try PieceMetrics(midi: file, source: "the take")
        self.model = model
        referenceLabel = reference?.label
        referencePieces = reference?.summary.pieceCount ?? 0
        noteCount = take.notes.count
        bars = take.notes.isEmpty ? 0 : (take.notes.map(\.end).max()! - 1) / take.stepsPerBar + 1
        figures = Self.shownFigures.compactMap { shown in
            let value = Self.value(of: piece, section: shown.section, key: shown.key)
            let spread = reference.flatMap { Self.spread(in: $0.summary, section: shown.section, key: shown.key) }
            guard value != nil || spread != nil else { return nil }
            let standing = value.flatMap { value in spread.map { $0.standing(of: value) } } ?? .unjudged
            return TakeFigure(
                name: shown.name, key: shown.section + "." + shown.key, value: value, reference: spread,
                decimals: shown.decimals, standing: standing)
        }
    }

    static func value(of piece: PieceMetrics, section: String, key: String) -> Double? {
        let value: Double? = switch section {
        case "muspy": MusPyMetrics.scalars.first { $0.key == key }?.value(piece.muspy)
        case "mgeval": PieceFeatures.scalars.first { $0.key == key }?.value(piece.features)
        default: HarmonyFigures.scalars.first { $0.key == key }?.value(piece.harmony)
        }
        return value.flatMap { $0.isFinite ? $0 : nil }
    }

    static func spread(in summary: SetSummary, section: String, key: String) -> ReferenceSpread? {
        let metric = switch section {
        case "muspy": summary.muspy[key]
        case "mgeval": summary.mgeval[key]
        default: summary.harmony[key]
        }
        guard let metric, let percentiles = metric.percentiles, metric.count > 0 else { return nil }
        return ReferenceSpread(
            p5: percentiles.p5, p25: percentiles.p25, median: percentiles.p50, p75: percentiles.p75,
            p95: percentiles.p95, pieces: metric.count)
    }
}
