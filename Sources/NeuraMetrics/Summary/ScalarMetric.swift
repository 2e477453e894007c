/// A scalar metric of one section of the output: its JSON key and how to read it (nil where
/// the piece does not define it). Each section lists its scalars once, in output order, for
/// the JSON, the text report and the set summaries alike.
public struct ScalarMetric<Section>: Sendable {
    public let key: String
    public let value: @Sendable (Section) -> Double?

    init(_ key: String, _ value: @escaping @Sendable (Section) -> Double?) {
        self.key = key
        self.value = value
    }
}

extension MusPyMetrics {
    public static let scalars: [ScalarMetric<MusPyMetrics>] = [
        .init("pitchRange") { Double($0.pitchRange) }, .init("nPitchesUsed") { Double($0.nPitchesUsed) },
        .init("nPitchClassesUsed") { Double($0.nPitchClassesUsed) }, .init("polyphony") { $0.polyphony },
        .init("polyphonyRate") { $0.polyphonyRate }, .init("pitchEntropy") { $0.pitchEntropy },
        .init("pitchClassEntropy") { $0.pitchClassEntropy }, .init("scaleConsistency") { $0.scaleConsistency },
        .init("pitchInScaleRate") { $0.pitchInScaleRate }, .init("emptyBeatRate") { $0.emptyBeatRate },
        .init("emptyMeasureRate") { $0.emptyMeasureRate }, .init("grooveConsistency") { $0.grooveConsistency },
        .init("drumInPatternRateDuple") { $0.drumInPatternRateDuple },
        .init("drumInPatternRateTriple") { $0.drumInPatternRateTriple },
        .init("drumPatternConsistency") { $0.drumPatternConsistency },
    ]
}

extension PieceFeatures {
    public static let scalars: [ScalarMetric<PieceFeatures>] = [
        .init("pitchCount") { Double($0.pitchCount) }, .init("noteCount") { Double($0.noteCount) },
        .init("pitchRange") { $0.pitchRange.map(Double.init) },
        .init("averagePitchInterval") { $0.averagePitchInterval },
        .init("averageInterOnsetInterval") { $0.averageInterOnsetInterval },
    ]
}

extension HarmonyFigures {
    /// The final-chord figures count as 1 for yes and 0 for no, so a set's mean is the share of
    /// its pieces.
    public static let scalars: [ScalarMetric<HarmonyFigures>] = [
        .init("parallelFifthsPer100ChordChanges") { $0.voiceLeading.parallelFifthsPer100ChordChanges },
        .init("parallelOctavesPer100ChordChanges") { $0.voiceLeading.parallelOctavesPer100ChordChanges },
        .init("voiceCrossingsPer100Chords") { $0.voiceLeading.voiceCrossingsPer100Chords },
        .init("outOfRangeShare") { $0.voiceLeading.outOfRangeShare },
        .init("finalBassIsTonic") { $0.finalBassIsTonic.map { $0 ? 1 : 0 } },
        .init("finalRootIsTonic") { $0.finalRootIsTonic.map { $0 ? 1 : 0 } },
    ]
}
