import NeuraMetrics
import NeuraMusic

/// Which notes at the decoder's clock would move in parallel fifths or octaves with a voice that
/// has already started a note on this step, judged as `neurascore metrics` judges them
/// (`VoiceLeading.parallel`): from the chord at the previous onset to this one, both voices
/// moving the same way, the same perfect interval class. Only voices that sing one note at a
/// time (a role with polyphony 1) are held to it; strings that double in octaves are not.
struct VoiceLeadingGuard {
    /// Each voice's pitch at the previous onset (the chord before this step).
    private var before: [Int: Int] = [:]
    /// The voices that have started a note on this step already, and their pitches.
    private var now: [Int: Int] = [:]
    private let voices: Set<Int>

    /// `voices`: the parts held to the rule. `given`: kept notes that start on this step but come
    /// later in the step's order; a voice written now must not move in parallel with them either.
    init(decoder: TokenDecoder, voices: Set<Int>, at step: Int, given: [Note] = []) {
        self.voices = voices
        guard voices.count >= 2 else { return }
        let notes = decoder.notes
        let horizon = decoder.config.maxLength
        var previousOnset: Int?
        for note in notes.reversed() where voices.contains(note.part) {
            if note.start == step {
                now[note.part] = max(now[note.part] ?? note.pitch, note.pitch)
            } else if note.start < step {
                previousOnset = note.start
                break
            }
        }
        for note in given where voices.contains(note.part) {
            now[note.part] = max(now[note.part] ?? note.pitch, note.pitch)
        }
        guard let previousOnset, !now.isEmpty else { return }
        for note in notes.reversed() {
            if note.start + horizon <= previousOnset { break }
            guard voices.contains(note.part), note.start <= previousOnset, previousOnset < note.end else { continue }
            before[note.part] = max(before[note.part] ?? note.pitch, note.pitch)
        }
    }

    func movesInParallel(_ pitch: Int, part: Int) -> Bool {
        guard voices.contains(part), let from = before[part] else { return false }
        for (other, otherPitch) in now where other != part {
            guard let otherFrom = before[other] else { continue }
            if let interval = VoiceLeading.parallel(otherFrom, from, otherPitch, pitch), interval == 0 || interval == 7 { return true }
        }
        return false
    }
}
