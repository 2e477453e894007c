import Foundation

/// MusPy 0.5.0's metrics (`muspy.metrics`) of one file, on its notes in ticks (`TickScore`).
///
/// Each value is what MusPy returns for the same file read with `muspy.read_midi`, quirks
/// included (the functions below say which); nil where MusPy returns NaN or raises.
public struct MusPyMetrics: Hashable, Sendable {
    public var pitchRange: Int
    public var nPitchesUsed: Int
    public var nPitchClassesUsed: Int
    public var polyphony: Double?
    /// Ticks with more than two pitches on (MusPy's default threshold of 2) over all ticks.
    public var polyphonyRate: Double?
    public var pitchEntropy: Double?
    public var pitchClassEntropy: Double?
    public var scaleConsistency: Double?
    /// The share of notes in the scale of the file's earliest key signature; nil without one.
    public var pitchInScaleRate: Double?
    public var emptyBeatRate: Double?
    public var emptyMeasureRate: Double?
    public var grooveConsistency: Double?
    public var drumInPatternRateDuple: Double?
    public var drumInPatternRateTriple: Double?
    public var drumPatternConsistency: Double?

    /// The threshold MusPy's `polyphony_rate` uses by default: a tick counts when *more than*
    /// this many pitches sound.
    public static let polyphonyRateThreshold = 2

    public init(_ score: TickScore) {
        let pitched = score.pitchedNotes
        let all = score.allNotes
        let length = score.length
        let measure = score.measureTicks
        pitchRange = Self.pitchRange(score)
        nPitchesUsed = Set(pitched.map(\.pitch)).count
        nPitchClassesUsed = Set(pitched.map { $0.pitch % 12 }).count
        let coverage = length.map { PianoRollCoverage(notes: pitched, length: $0) }
        polyphony = coverage.flatMap { $0.soundingTicks > 0 ? Double($0.pitchTicks) / Double($0.soundingTicks) : nil }
        polyphonyRate = coverage.flatMap { coverage in
            coverage.length > 0
                ? Double(coverage.ticks(withMoreThan: Self.polyphonyRateThreshold)) / Double(coverage.length) : nil
        }
        pitchEntropy = Self.entropy(of: pitched.map(\.pitch))
        pitchClassEntropy = Self.entropy(of: pitched.map { $0.pitch % 12 })
        scaleConsistency = Self.scaleConsistency(pitched)
        pitchInScaleRate = score.keySignature.flatMap { key in
            Self.pitchInScaleRate(pitched, root: key.tonicPitchClass, minor: key.isMinor)
        }
        if let length, let resolution = score.ticksPerQuarter {
            emptyBeatRate = Self.emptySpanRate(all, length: length, span: resolution)
        }
        if let length, let measure {
            emptyMeasureRate = Self.emptySpanRate(all, length: length, span: measure)
            grooveConsistency = Self.grooveConsistency(all, length: length, measure: measure)
        }
        if let resolution = score.ticksPerQuarter {
            let drums = score.drumNotes
            drumInPatternRateDuple = Self.drumInPatternRate(drums, resolution: resolution, triple: false)
            drumInPatternRateTriple = Self.drumInPatternRate(drums, resolution: resolution, triple: true)
            if let duple = drumInPatternRateDuple, let triple = drumInPatternRateTriple {
                drumPatternConsistency = duple > triple ? duple : triple
            }
        }
    }

    /// MusPy's rule: 0 when no track holds a note; otherwise the span of the pitched notes,
    /// starting from highest 0 and lowest 127, so that a file of drums alone gives -127.
    static func pitchRange(_ score: TickScore) -> Int {
        guard score.tracks.contains(where: { !$0.notes.isEmpty }) else { return 0 }
        var highest = 0
        var lowest = 127
        for note in score.pitchedNotes {
            highest = max(highest, note.pitch)
            lowest = min(lowest, note.pitch)
        }
        return highest - lowest
    }

    /// Shannon entropy in bits of how often each value occurs; nil for no values.
    static func entropy(of values: [Int]) -> Double? {
        guard !values.isEmpty else { return nil }
        var counts: [Int: Int] = [:]
        for value in values { counts[value, default: 0] += 1 }
        let total = Double(values.count)
        return -counts.keys.sorted().reduce(0.0) { sum, value in
            let probability = Double(counts[value]!) / total
            return sum + probability * log2(probability)
        }
    }

    static let majorScale: [Bool] = [true, false, true, false, true, true, false, true, false, true, false, true]
    static let minorScale: [Bool] = [true, false, true, true, false, true, false, true, true, false, true, false]

    static func pitchInScaleRate(_ notes: [TickNote], root: Int, minor: Bool) -> Double? {
        guard !notes.isEmpty else { return nil }
        let scale = minor ? minorScale : majorScale
        let inScale = notes.count { scale[((($0.pitch - root) % 12) + 12) % 12] }
        return Double(inScale) / Double(notes.count)
    }

    /// The largest pitch-in-scale rate over the 24 major and minor scales.
    static func scaleConsistency(_ notes: [TickNote]) -> Double? {
        guard !notes.isEmpty else { return nil }
        var best = 0.0
        for minor in [false, true] {
            for root in 0..<12 {
                if let rate = pitchInScaleRate(notes, root: root, minor: minor), rate > best { best = rate }
            }
        }
        return best
    }

    /// The share of spans (beats or bars, counted from tick 0 through the span holding
    /// `length`) that no note touches. A note touches every span from its start's to its end's,
    /// the end's included: MusPy counts a note ending on a downbeat in the span it ends on.
    /// Drums count, and so do notes of zero length.
    static func emptySpanRate(_ notes: [TickNote], length: Int, span: Int) -> Double? {
        guard length >= 1, span >= 1 else { return nil }
        let spanCount = length / span + 1
        let touched = notes.map { ($0.start / span, $0.end / span) }.sorted { $0 < $1 }
        var covered = 0
        var reach = -1
        for (first, last) in touched {
            let from = max(first, reach + 1)
            if last >= from { covered += last - from + 1 }
            reach = max(reach, last)
        }
        return 1 - Double(covered) / Double(spanCount)
    }

    /// 1 minus the mean Hamming distance between the onset patterns of neighbouring bars, each
    /// pattern holding one slot per tick of the bar. Drums count. Nil for fewer than two bars.
    static func grooveConsistency(_ notes: [TickNote], length: Int, measure: Int) -> Double? {
        let measureCount = length / measure + 1
        guard measureCount >= 2 else { return nil }
        var onsets: [Int: Set<Int>] = [:]
        for note in notes {
            onsets[note.start / measure, default: []].insert(note.start % measure)
        }
        // Each neighbouring pair (m, m + 1) differs in |S_m| + |S_m+1| − 2 |S_m ∩ S_m+1| slots.
        var distance = 0
        for (bar, slots) in onsets {
            let pairs = (bar > 0 ? 1 : 0) + (bar < measureCount - 1 ? 1 : 0)
            distance += pairs * slots.count
            if let next = onsets[bar + 1] { distance -= 2 * slots.intersection(next).count }
        }
        return 1 - Double(distance) / (Double(measure) * Double(measureCount - 1))
    }

    /// The share of drum notes that start on a position of MusPy's pattern for the meter, taken
    /// within the beat (`start % ticksPerQuarter`): the beat itself, and its halves and quarters
    /// (duple) or thirds (triple) where the resolution divides evenly.
    static func drumInPatternRate(_ drums: [TickNote], resolution: Int, triple: Bool) -> Double? {
        guard !drums.isEmpty, resolution >= 1 else { return nil }
        var pattern = [Bool](repeating: false, count: resolution)
        pattern[0] = true
        let divisions = triple ? [3] : [4, 2]
        for division in divisions where resolution % division == 0 {
            for position in stride(from: 0, to: resolution, by: resolution / division) { pattern[position] = true }
        }
        let inPattern = drums.count { pattern[$0.start % resolution] }
        return Double(inPattern) / Double(drums.count)
    }
}
