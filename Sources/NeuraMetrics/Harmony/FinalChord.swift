import NeuraMusic

/// The chord a piece ends on: every pitched note sounding at the last step where a note starts.
public struct FinalChord: Hashable, Sendable {
    /// Ascending, without repeats.
    public var pitches: [Int]

    /// Nil for a score without pitched notes.
    public init?(of score: Score) {
        guard let last = score.notes.map(\.start).max() else { return nil }
        pitches = Set(score.notes.filter { $0.start <= last && $0.end > last }.map(\.pitch)).sorted()
    }

    /// Any chord, such as the one before the final one; nil for no pitches.
    public init?(pitches: some Sequence<Int>) {
        self.pitches = Set(pitches).sorted()
        if self.pitches.isEmpty { return nil }
    }

    public var bassPitchClass: Int { pitches[0] % 12 }

    /// The chord tone on which a chord of stacked thirds (third, fifth, seventh) accounts for
    /// the most tones of the chord; ties go to the tone sounding lowest. An open fifth is
    /// rooted on its lower tone, a lone pitch class on itself.
    public var rootPitchClass: Int {
        let classes = pitches.map { $0 % 12 }
        let chordTones: Set<Int> = [0, 3, 4, 7, 10, 11]
        var best = classes[0]
        var bestCount = -1
        for candidate in classes {
            let count = Set(classes).count { chordTones.contains(($0 - candidate + 12) % 12) }
            if count > bestCount {
                best = candidate
                bestCount = count
            }
        }
        return best
    }
}
