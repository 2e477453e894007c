import NeuraMusic

/// Part-writing figures of a score on its step grid: parallel fifths and octaves, voice
/// crossings and notes outside the voices' ranges.
///
/// The texture is read chord by chord: a chord is what the voices sound at a step where some
/// note of a voice starts, a voice sounding its highest note there (or nothing, in a rest).
/// Figures between voices need at least two of them sounding.
public struct VoiceLeadingReport: Hashable, Sendable {
    public var voices: Voices
    /// Chords in which at least two voices sound.
    public var chordCount: Int
    /// Neighbouring chords that differ, with at least two voices sounding in both.
    public var chordChanges: Int
    /// Two voices a fifth apart (or a compound fifth) moving in the same direction to another
    /// fifth, counted per pair of voices and chord change.
    public var parallelFifths: Int
    /// The same for unisons, octaves and compound octaves.
    public var parallelOctaves: Int
    /// Pairs of voices sounding in the reverse of their order, counted per chord.
    public var voiceCrossings: Int
    /// Notes of voices with a role, and how many of them lie outside the role's range.
    public var notesInVoicesWithRoles: Int
    public var outOfRangeNotes: [VoiceRole: Int]

    public var parallelFifthsPer100ChordChanges: Double? { Self.per100(parallelFifths, chordChanges) }
    public var parallelOctavesPer100ChordChanges: Double? { Self.per100(parallelOctaves, chordChanges) }
    public var voiceCrossingsPer100Chords: Double? { Self.per100(voiceCrossings, chordCount) }
    public var outOfRangeNoteCount: Int { outOfRangeNotes.values.reduce(0, +) }
    /// The share of notes of voices with a role that lie outside its range; nil without roles.
    public var outOfRangeShare: Double? {
        notesInVoicesWithRoles > 0 ? Double(outOfRangeNoteCount) / Double(notesInVoicesWithRoles) : nil
    }

    private static func per100(_ count: Int, _ total: Int) -> Double? {
        total > 0 ? 100 * Double(count) / Double(total) : nil
    }
}

public enum VoiceLeading {
    /// The part-writing figures of the score's pitched notes.
    public static func analyse(_ score: Score) -> VoiceLeadingReport {
        let voices = Voices(of: score)
        let chords = self.chords(of: score, voices: voices.voices)
        var report = VoiceLeadingReport(
            voices: voices, chordCount: 0, chordChanges: 0, parallelFifths: 0, parallelOctaves: 0, voiceCrossings: 0,
            notesInVoicesWithRoles: 0, outOfRangeNotes: [:])
        for chord in chords where chord.count(where: { $0 != nil }) >= 2 {
            report.chordCount += 1
            for upper in chord.indices {
                for lower in chord.indices where lower > upper {
                    if let high = chord[upper], let low = chord[lower], high < low { report.voiceCrossings += 1 }
                }
            }
        }
        for (before, after) in zip(chords, chords.dropFirst()) where before != after {
            let sounding = before.indices.filter { before[$0] != nil && after[$0] != nil }
            guard sounding.count >= 2 else { continue }
            report.chordChanges += 1
            for (position, upper) in sounding.enumerated() {
                for lower in sounding[(position + 1)...] {
                    switch parallel(before[upper]!, before[lower]!, after[upper]!, after[lower]!) {
                    case 7?: report.parallelFifths += 1
                    case 0?: report.parallelOctaves += 1
                    default: break
                    }
                }
            }
        }
        for voice in voices.voices {
            guard let role = voice.role else { continue }
            let notes = score.notes.filter { $0.part == voice.part }
            report.notesInVoicesWithRoles += notes.count
            let outside = notes.count { !role.range.contains($0.pitch) }
            if outside > 0 { report.outOfRangeNotes[role] = outside }
        }
        return report
    }

    /// The interval class (0–11) two voices keep when both move the same way and the interval
    /// between them, reduced to an octave, stays the same; nil otherwise. The sampler avoids
    /// what this counts (7: fifths, 0: octaves and unisons), by this same definition.
    public static func parallel(_ upperBefore: Int, _ lowerBefore: Int, _ upperAfter: Int, _ lowerAfter: Int) -> Int? {
        let upperMotion = (upperAfter - upperBefore).signum()
        let lowerMotion = (lowerAfter - lowerBefore).signum()
        guard upperMotion != 0, upperMotion == lowerMotion else { return nil }
        let before = abs(upperBefore - lowerBefore) % 12
        let after = abs(upperAfter - lowerAfter) % 12
        return before == after ? before : nil
    }

    /// For every step where a note of a voice starts, each voice's highest sounding pitch.
    static func chords(of score: Score, voices: [Voice]) -> [[Int?]] {
        let position = Dictionary(uniqueKeysWithValues: voices.enumerated().map { ($0.element.part, $0.offset) })
        let notes = score.notes.filter { position[$0.part] != nil }
        let onsets = Set(notes.map(\.start)).sorted()
        // Notes by start, swept once: a note joins when the sweep reaches its start and leaves after its end.
        var sounding: [Note] = []
        var next = 0
        let byStart = notes.sorted { $0.start < $1.start }
        return onsets.map { step in
            while next < byStart.count, byStart[next].start <= step {
                sounding.append(byStart[next])
                next += 1
            }
            sounding.removeAll { $0.end <= step }
            var chord = [Int?](repeating: nil, count: voices.count)
            for note in sounding {
                let index = position[note.part]!
                chord[index] = max(chord[index] ?? note.pitch, note.pitch)
            }
            return chord
        }
    }
}
