import NeuraMusic

/// Everything undo and redo restore: the seed score and the variations of the last generation.
public struct ComposerDocument: Hashable, Sendable, Codable {
    /// The composer's grid: sixteenth notes, the grid of the bundled models.
    public static let stepsPerQuarter = 4

    /// The user's notes plus tempo and meter; `score.notes` is only ever the seed.
    public var score: Score
    public var variations: [Variation]
    public var currentVariation: Int
    /// The steps the variations fill. While a variation is shown, the seed notes that start
    /// there are hidden, and accepting replaces them. (Sessions saved before every generation
    /// recorded its range have it only for regenerated selections.)
    public var generatedRange: Range<Int>?

    private enum CodingKeys: String, CodingKey {
        case score, variations, currentVariation
        case generatedRange = "regeneratedRange"
    }

    public init(
        score: Score = Score(), variations: [Variation] = [], currentVariation: Int = 0,
        generatedRange: Range<Int>? = nil
    ) {
        self.score = score
        self.variations = variations
        self.currentVariation = currentVariation
        self.generatedRange = generatedRange
    }

    public var current: Variation? {
        variations.indices.contains(currentVariation) ? variations[currentVariation] : nil
    }

    /// Seed notes that stay audible while the current variation is shown.
    public var visibleSeedNotes: [Note] {
        guard let range = generatedRange, current != nil else { return score.notes }
        return score.notes.filter { !range.contains($0.start) }
    }

    /// Re-sorts after an edit, and keeps `length` covering every note and `parts` listing every
    /// part in use, through `Score.init`, so that a saved session reads back equal.
    mutating func setSeedNotes(_ notes: [Note]) {
        score = Score(
            stepsPerQuarter: score.stepsPerQuarter, tempo: score.tempo, timeSignature: score.timeSignature,
            keySignature: score.keySignature, notes: notes, drums: score.drums, style: score.style, parts: score.parts)
    }
}
