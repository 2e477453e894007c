import NeuraMetrics
import NeuraMusic

/// `neurascore harmonize`: the given parts kept note for note in the model's voices, and the
/// other voices written around them. By default a one-part melody is the top voice (a chorale's
/// soprano); `keep` names the voices the given parts are (`B` for a bass line, `S,B` for the
/// outer voices), and `voices` the ones to write (the rest stay silent).
struct Harmonization {
    let model: NeuraModel
    let keep: [String]?
    let voices: [String]?
    let transpose: Int

    func job(melody: Score) throws -> (GenerationJob, [String]) {
        let roles = model.encoding.parts
        guard !roles.isEmpty else {
            throw GenerationError.invalidControl(
                "model \(model.name) writes one voice, so it cannot write voices under a melody; use a model with parts "
                    + "(`neurascore models` lists each model's parts)")
        }
        let kept = try keep.map(resolve) ?? nil
        let written = try voices.map(resolve)
        var notices: [String] = []
        var given = try melody.transposed(by: transpose)
        given.drums = []
        let used = Set(given.notes.map(\.part)).sorted()
        guard !used.isEmpty else { throw GenerationError.invalidRange("the melody has no notes") }

        // Which voice each given part is.
        var voiceOf: [Int: Int] = [:]
        if let kept {
            guard kept.count == used.count else {
                throw GenerationError.invalidControl(
                    "--keep names \(kept.count) voice\(kept.count == 1 ? "" : "s") but the melody has \(used.count) part\(used.count == 1 ? "" : "s")")
            }
            // Named parts go to the kept voice of their name; the rest take the others by register.
            var free = kept
            for part in used {
                if let role = model.encoding.role(named: given.part(part).name), let index = free.firstIndex(of: role) {
                    voiceOf[part] = free.remove(at: index)
                }
            }
            let highestFirst = used.filter { voiceOf[$0] == nil }.sorted { meanPitch(of: $0, in: given) > meanPitch(of: $1, in: given) }
            for (part, role) in zip(highestFirst, free.sorted()) { voiceOf[part] = role }
        } else {
            let assignment = PartAssignment(score: given, config: model.encoding)
            for part in used { voiceOf[part] = assignment.role[part] ?? 0 }
            if !assignment.merged.isEmpty {
                notices.append("more given parts than the model's voices: " + assignment.merged.joined(separator: ", "))
            }
        }

        // One note at a time in each kept voice: the top note of a chord, each note ended where the next begins.
        var notes: [Note] = []
        var chordsThinned = 0
        for part in used {
            let role = voiceOf[part]!
            let byStart = Dictionary(grouping: given.notes.filter { $0.part == part }, by: \.start)
            var line = byStart.keys.sorted().map { start -> Note in
                let chord = byStart[start]!
                if chord.count > 1 { chordsThinned += 1 }
                var top = chord.max { $0.pitch < $1.pitch }!
                top.part = role
                return top
            }
            for index in line.indices.dropLast() where line[index].end > line[index + 1].start {
                line[index].length = line[index + 1].start - line[index].start
            }
            notes += line
        }
        if chordsThinned > 0 {
            notices.append("the melody has \(chordsThinned) chord\(chordsThinned == 1 ? "" : "s") where one voice is expected: the top note of each is kept")
        }
        try checkRanges(notes)
        let keptVoices = Set(voiceOf.values)
        let toWrite = Set(written ?? Array(roles.indices)).subtracting(keptVoices)
        guard !toWrite.isEmpty else { throw GenerationError.invalidControl("there is no voice left to write") }
        let silent = Set(roles.indices).subtracting(toWrite)
        let score = Score(
            stepsPerQuarter: given.stepsPerQuarter, tempo: given.tempo, timeSignature: given.timeSignature,
            keySignature: given.keySignature, notes: notes, style: given.style, parts: model.encoding.roleParts)
        let end = notes.map(\.end).max() ?? 0
        return (GenerationJob(score: score, range: 0..<end, keptParts: silent, ending: .atRangeEnd), notices)
    }

    /// A given line far outside its voice's usual range would leave the model writing the other
    /// voices around an impossible part: refuse it, with the transposition that fits. Two
    /// semitones of leeway, as Bach's sopranos reach A5 now and then.
    private func checkRanges(_ notes: [Note]) throws {
        for (role, line) in Dictionary(grouping: notes, by: \.part) {
            guard let voice = VoiceRole(partName: model.encoding.parts[role].name) else { continue }
            let range = (voice.range.lowerBound - 2)...(voice.range.upperBound + 2)
            let pitches = line.map(\.pitch)
            guard let low = pitches.min(), let high = pitches.max(), !(range.contains(low) && range.contains(high)) else { continue }
            let fits = (-36...36).filter { range.contains(low + $0) && range.contains(high + $0) }
            let advice = fits.min { abs($0) < abs($1) }.map { "move it with --transpose \($0 + transpose)" }
                ?? "it spans more than the voice can sing"
            throw GenerationError.invalidRange(
                "the \(voice.rawValue) goes from \(PitchName.name(of: low)) to \(PitchName.name(of: high)), outside its usual range "
                    + "\(PitchName.name(of: voice.range.lowerBound))–\(PitchName.name(of: voice.range.upperBound)); \(advice)")
        }
    }

    /// Voice names as typed: "ATB" (initials), "S,B", "soprano,bass".
    private func resolve(_ names: [String]) throws -> [Int] {
        let roles = model.encoding.parts
        let words = names.count == 1 && !names[0].contains(",") && names[0].count > 1
            && names[0].allSatisfy({ letter in roles.contains { $0.name.first?.lowercased() == letter.lowercased() } })
            ? names[0].map(String.init) : names.flatMap { $0.split(separator: ",").map(String.init) }
        return try words.map { word in
            guard let index = model.encoding.role(named: word) else {
                let known = roles.map { "\($0.name) (\($0.name.prefix(1).uppercased()))" }.joined(separator: ", ")
                throw GenerationError.invalidControl("model \(model.name) has no voice \"\(word)\"; its voices are \(known)")
            }
            return index
        }
    }

    private func meanPitch(of part: Int, in score: Score) -> Double {
        let pitches = score.notes.filter { $0.part == part }.map { Double($0.pitch) }
        return pitches.reduce(0, +) / Double(max(pitches.count, 1))
    }
}
