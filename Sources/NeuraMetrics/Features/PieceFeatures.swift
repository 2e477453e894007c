/// The per-piece features of Yang & Lerch, "On the evaluation of generative models in music"
/// (Neural Computing and Applications, 2018; the `mgeval` toolbox), on the pitched notes in
/// ticks (`TickScore`).
///
/// Where mgeval reads one track, these read every pitched track, and sequences (intervals,
/// transitions) run within a track in onset order, then pooled. Times are in quarter notes,
/// not seconds, so a piece's tempo does not change them.
public struct PieceFeatures: Hashable, Sendable {
    /// Distinct pitches.
    public var pitchCount: Int
    public var noteCount: Int
    /// Highest minus lowest pitch; nil without pitched notes.
    public var pitchRange: Int?
    /// Mean absolute interval in semitones between consecutive notes of a track.
    public var averagePitchInterval: Double?
    /// Mean time in quarter notes between consecutive distinct onsets of the piece.
    public var averageInterOnsetInterval: Double?
    /// Twelve shares of the sounding time (note durations summed per pitch class), C first.
    public var pitchClassHistogram: [Double]?
    /// Counts of transitions from row to column pitch class: a note of a track to each note of
    /// the same track that starts within a tenth of a quarter note of its end.
    public var pitchClassTransitionMatrix: [[Double]]
    /// Shares of the notes in each `NoteLengthClass`, in the order of its cases.
    public var noteLengthHistogram: [Double]?
    /// Counts of transitions between the length classes of consecutive notes of a track.
    public var noteLengthTransitionMatrix: [[Double]]

    public init(_ score: TickScore) {
        let tracks = score.tracks.filter { !$0.isDrum && !$0.notes.isEmpty }
        let notes = tracks.flatMap(\.notes)
        pitchCount = Set(notes.map(\.pitch)).count
        noteCount = notes.count
        if let highest = notes.map(\.pitch).max(), let lowest = notes.map(\.pitch).min() {
            pitchRange = highest - lowest
        }
        let intervals = tracks.flatMap { track in
            zip(track.notes, track.notes.dropFirst()).map { abs($1.pitch - $0.pitch) }
        }
        if !intervals.isEmpty {
            averagePitchInterval = Double(intervals.reduce(0, +)) / Double(intervals.count)
        }
        pitchClassHistogram = Self.pitchClassHistogram(notes)
        pitchClassTransitionMatrix = Self.emptyMatrix(12)
        noteLengthTransitionMatrix = Self.emptyMatrix(NoteLengthClass.allCases.count)
        guard let ticksPerQuarter = score.ticksPerQuarter else { return }

        let onsets = Set(notes.map(\.start)).sorted()
        if let first = onsets.first, let last = onsets.last, onsets.count >= 2 {
            averageInterOnsetInterval = Double(last - first) / Double(onsets.count - 1) / Double(ticksPerQuarter)
        }
        for track in tracks {
            addPitchClassTransitions(track.notes, ticksPerQuarter: ticksPerQuarter)
        }
        let classes = tracks.map { track in
            track.notes.map { NoteLengthClass.nearest(toTicks: $0.end - $0.start, ticksPerQuarter: ticksPerQuarter).rawValue }
        }
        let counts = classes.joined().reduce(into: [Double](repeating: 0, count: NoteLengthClass.allCases.count)) { $0[$1] += 1 }
        if noteCount > 0 { noteLengthHistogram = counts.map { $0 / Double(noteCount) } }
        for sequence in classes {
            for (from, to) in zip(sequence, sequence.dropFirst()) { noteLengthTransitionMatrix[from][to] += 1 }
        }
    }

    private static func emptyMatrix(_ size: Int) -> [[Double]] {
        [[Double]](repeating: [Double](repeating: 0, count: size), count: size)
    }

    private static func pitchClassHistogram(_ notes: [TickNote]) -> [Double]? {
        var durations = [Double](repeating: 0, count: 12)
        for note in notes { durations[note.pitch % 12] += Double(note.end - note.start) }
        let total = durations.reduce(0, +)
        return total > 0 ? durations.map { $0 / total } : nil
    }

    /// pretty_midi's rule (which mgeval calls), in ticks instead of 50 ms: note a leads to
    /// note b when b starts within a tenth of a quarter note of a's end.
    private mutating func addPitchClassTransitions(_ notes: [TickNote], ticksPerQuarter: Int) {
        let byStart = notes.sorted { $0.start < $1.start }
        let starts = byStart.map(\.start)
        for (index, note) in byStart.enumerated() {
            // |start − end| × 10 < ticksPerQuarter, kept in integers.
            var candidate = Self.firstIndex(in: starts, notBelow: note.end - ticksPerQuarter / 10 - 1)
            while candidate < byStart.count, 10 * (byStart[candidate].start - note.end) < ticksPerQuarter {
                if candidate != index, 10 * abs(byStart[candidate].start - note.end) < ticksPerQuarter {
                    pitchClassTransitionMatrix[note.pitch % 12][byStart[candidate].pitch % 12] += 1
                }
                candidate += 1
            }
        }
    }

    private static func firstIndex(in sorted: [Int], notBelow value: Int) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
