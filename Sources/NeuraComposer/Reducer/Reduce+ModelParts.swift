import NeuraCore
import NeuraMusic

/// The model's notes filed under the score's parts: a model names its own parts (its voices, or
/// one part), and `.parts` says which of the score's parts it heard as each.
extension ComposerState {
    /// Where the notes of each of a job's model parts go: the score part it heard as that model
    /// part (the first, if several); for a single-voice model, `writingInto`; else a part of the
    /// score named like it; else a new part of the model part's name and program, listed in the
    /// score now, so that the legend, export and playback name it.
    mutating func scoreParts(for model: ModelParts, writingInto preferred: Int) -> [Int] {
        if model.parts.count <= 1 { return [preferred] }
        let roles = EncodingConfig(parts: model.parts.map { PartRole($0.name, program: $0.program) })
        let named = Dictionary(
            document.parts.indices.compactMap { index in roles.role(named: document.score.part(index).name).map { ($0, index) } },
            uniquingKeysWith: min)
        var mapping: [Int] = []
        for (modelPart, part) in model.parts.enumerated() {
            if let heard = model.heardAs.filter({ $0.value == modelPart }).keys.min() {
                mapping.append(heard)
            } else if let existing = named[modelPart] {
                mapping.append(existing)
            } else if document.partCount < Self.maximumParts {
                document.listAllParts()
                document.score.parts.append(Part(name: part.name.capitalisedWords, program: part.program))
                mapping.append(document.partCount - 1)
            } else {
                mapping.append(preferred)
            }
        }
        return mapping
    }
}

extension RunningJob {
    /// A note of the model's parts, filed under the score's.
    func inScoreParts(_ note: Note) -> Note {
        guard let mapping = partOfModelPart, mapping.indices.contains(note.part) else { return note }
        var filed = note
        filed.part = mapping[note.part]
        return filed
    }

    func inScoreParts(_ sampled: SampledNote) -> SampledNote {
        guard let mapping = partOfModelPart else { return sampled }
        var filed = sampled
        filed.note = inScoreParts(sampled.note)
        filed.alternatives = sampled.alternatives.map { alternative in
            var moved = alternative
            if mapping.indices.contains(alternative.part) { moved.part = mapping[alternative.part] }
            return moved
        }
        return filed
    }
}

extension String {
    /// "violin 1" as a part's name: "Violin 1".
    var capitalisedWords: String {
        split(separator: " ").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }
}
