import NeuraCore
import NeuraMusic

/// Everything undo and redo restore: the seed score and the variations of the last generation.
public struct ComposerDocument: Hashable, Sendable {
    /// The composer's grid: sixteenth notes, the grid of the bundled models.
    public static let stepsPerQuarter = 4

    /// The user's notes plus tempo, meter and parts; `score.notes` is only ever the seed.
    public var score: Score
    public var variations: [Variation]
    public var currentVariation: Int
    /// The steps the variations fill. While a variation is shown, the seed notes that start
    /// there are hidden, except those of `keptParts`, and accepting replaces them. (Sessions
    /// saved before every generation recorded its range have it only for regenerated selections.)
    public var generatedRange: Range<Int>?
    /// The parts the last generation wrote around (a harmonised melody): their notes in
    /// `generatedRange` stay shown and are kept on accepting.
    public var keptParts: Set<Int>
    /// How the last generation ends, so that a pick in its model's view resamples it alike.
    public var ending: GenerationJob.Ending

    private enum CodingKeys: String, CodingKey {
        case score, variations, currentVariation, keptParts, ending
        case generatedRange = "regeneratedRange"
    }

    public init(
        score: Score = Score(), variations: [Variation] = [], currentVariation: Int = 0,
        generatedRange: Range<Int>? = nil, keptParts: Set<Int> = [], ending: GenerationJob.Ending = .open
    ) {
        self.score = score
        self.variations = variations
        self.currentVariation = currentVariation
        self.generatedRange = generatedRange
        self.keptParts = keptParts
        self.ending = ending
    }

    public var current: Variation? {
        variations.indices.contains(currentVariation) ? variations[currentVariation] : nil
    }

    /// Seed notes that stay audible while the current variation is shown.
    public var visibleSeedNotes: [Note] {
        guard let range = generatedRange, current != nil else { return score.notes }
        return score.notes.filter { !range.contains($0.start) || keptParts.contains($0.part) }
    }

    /// Re-sorts after an edit, and keeps `length` covering every note and `parts` listing every
    /// part in use, through `Score.init`, so that a saved session reads back equal.
    mutating func setSeedNotes(_ notes: [Note]) {
        score = Score(
            stepsPerQuarter: score.stepsPerQuarter, tempo: score.tempo, timeSignature: score.timeSignature,
            keySignature: score.keySignature, notes: notes, drums: score.drums, style: score.style, parts: score.parts)
    }

    /// How many parts the composer shows: every listed part, and unnamed ones up to the highest
    /// part a note (written or generated) is in; at least one, the part an empty score writes into.
    public var partCount: Int {
        let used = score.notes.map(\.part) + variations.flatMap { $0.notes.map(\.note.part) }
        return max(1, score.parts.count, (used.max() ?? -1) + 1)
    }

    /// The parts as the composer shows them: named, or "Part N" where the score lists none.
    public var parts: [Part] { (0..<partCount).map(score.part) }

    /// Lists every part the composer shows in the score itself, so that one can be changed or added.
    mutating func listAllParts() {
        score.parts = parts
    }

    mutating func giveEveryPart(program: Int) {
        listAllParts()
        for index in score.parts.indices { score.parts[index].program = program }
    }
}

extension ComposerDocument: Codable {
    /// Sessions saved before parts and endings have no "keptParts" or "ending".
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            score: try container.decode(Score.self, forKey: .score),
            variations: try container.decode([Variation].self, forKey: .variations),
            currentVariation: try container.decode(Int.self, forKey: .currentVariation),
            generatedRange: try container.decodeIfPresent(Range<Int>.self, forKey: .generatedRange),
            keptParts: try container.decodeIfPresent(Set<Int>.self, forKey: .keptParts) ?? [],
            ending: try container.decodeIfPresent(GenerationJob.Ending.self, forKey: .ending) ?? .open)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(score, forKey: .score)
        try container.encode(variations, forKey: .variations)
        try container.encode(currentVariation, forKey: .currentVariation)
        try container.encodeIfPresent(generatedRange, forKey: .generatedRange)
        if !keptParts.isEmpty { try container.encode(keptParts.sorted(), forKey: .keptParts) }
        if ending != .open { try container.encode(ending, forKey: .ending) }
    }
}
