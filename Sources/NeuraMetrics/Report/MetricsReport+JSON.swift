import Foundation

extension MetricsReport {
    /// Pretty-printed with sorted keys, so the same files always give the same bytes. Every
    /// documented key is present; a value a piece or set does not define is null.
    public func jsonString(perFile: Bool) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Non-finite numbers are written as null before they reach the encoder.
        guard let data = try? encoder.encode(ReportJSON(report: self, perFile: perFile)) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A JSON object key made at run time (the scalar metrics are listed by their tables).
struct JSONKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// JSON has no NaN or infinity: such a value is written as null.
func finite(_ value: Double?) -> Double? {
    value.flatMap { $0.isFinite ? $0 : nil }
}

private struct ReportJSON: Encodable {
    let report: MetricsReport
    let perFile: Bool

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONKey.self)
        try container.encode(SetJSON(set: report.measured, perFile: perFile), forKey: JSONKey("measured"))
        try container.encode(report.reference.map { SetJSON(set: $0, perFile: perFile) }, forKey: JSONKey("reference"))
        try container.encode(report.comparison.map(ComparisonJSON.init), forKey: JSONKey("comparison"))
    }
}

private struct SetJSON: Encodable {
    let set: MeasuredSet
    let perFile: Bool

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONKey.self)
        try container.encode(set.fileCount, forKey: JSONKey("fileCount"))
        try container.encode(set.failures, forKey: JSONKey("failures"))
        try container.encode(set.summary, forKey: JSONKey("summary"))
        if perFile { try container.encode(set.pieces.map(PieceJSON.init), forKey: JSONKey("files")) }
    }
}

private struct PieceJSON: Encodable {
    let piece: PieceMetrics

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONKey.self)
        try container.encode(piece.source, forKey: JSONKey("file"))
        try container.encode(piece.ticks.ticksPerQuarter, forKey: JSONKey("ticksPerQuarter"))
        try container.encode(piece.ticks.measureTicks, forKey: JSONKey("measureTicks"))

        var muspy = container.nestedContainer(keyedBy: JSONKey.self, forKey: JSONKey("muspy"))
        for scalar in MusPyMetrics.scalars {
            try muspy.encode(finite(scalar.value(piece.muspy)), forKey: JSONKey(scalar.key))
        }

        var mgeval = container.nestedContainer(keyedBy: JSONKey.self, forKey: JSONKey("mgeval"))
        for scalar in PieceFeatures.scalars {
            try mgeval.encode(finite(scalar.value(piece.features)), forKey: JSONKey(scalar.key))
        }
        let features = piece.features
        try mgeval.encode(features.pitchClassHistogram, forKey: JSONKey(Feature.pitchClassHistogram.rawValue))
        try mgeval.encode(features.pitchClassTransitionMatrix, forKey: JSONKey(Feature.pitchClassTransitionMatrix.rawValue))
        try mgeval.encode(features.noteLengthHistogram, forKey: JSONKey(Feature.noteLengthHistogram.rawValue))
        try mgeval.encode(features.noteLengthTransitionMatrix, forKey: JSONKey(Feature.noteLengthTransitionMatrix.rawValue))

        var harmony = container.nestedContainer(keyedBy: JSONKey.self, forKey: JSONKey("harmony"))
        let figures = piece.harmony
        let voiceLeading = figures.voiceLeading
        try harmony.encode(figures.key?.description, forKey: JSONKey("key"))
        try harmony.encode(figures.keySource, forKey: JSONKey("keySource"))
        try harmony.encode(voiceLeading.voices.identification, forKey: JSONKey("voiceIdentification"))
        try harmony.encode(voiceLeading.voices.voices, forKey: JSONKey("voices"))
        try harmony.encode(voiceLeading.chordCount, forKey: JSONKey("chords"))
        try harmony.encode(voiceLeading.chordChanges, forKey: JSONKey("chordChanges"))
        try harmony.encode(voiceLeading.parallelFifths, forKey: JSONKey("parallelFifths"))
        try harmony.encode(voiceLeading.parallelOctaves, forKey: JSONKey("parallelOctaves"))
        try harmony.encode(voiceLeading.voiceCrossings, forKey: JSONKey("voiceCrossings"))
        try harmony.encode(voiceLeading.notesInVoicesWithRoles, forKey: JSONKey("notesInVoicesWithRoles"))
        try harmony.encode(voiceLeading.outOfRangeNoteCount, forKey: JSONKey("outOfRangeNotes"))
        var byVoice = harmony.nestedContainer(keyedBy: JSONKey.self, forKey: JSONKey("outOfRangeNotesByVoice"))
        for role in VoiceRole.allCases {
            try byVoice.encode(voiceLeading.outOfRangeNotes[role] ?? 0, forKey: JSONKey(role.rawValue))
        }
        try harmony.encode(figures.finalChord?.pitches, forKey: JSONKey("finalChord"))
        try harmony.encode(figures.finalBassIsTonic, forKey: JSONKey("finalBassIsTonic"))
        try harmony.encode(figures.finalRootIsTonic, forKey: JSONKey("finalRootIsTonic"))
        for scalar in HarmonyFigures.scalars where !scalar.key.hasPrefix("final") {
            try harmony.encode(finite(scalar.value(figures)), forKey: JSONKey(scalar.key))
        }
    }
}

private struct ComparisonJSON: Encodable {
    let comparison: SetComparison

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONKey.self)
        var features = container.nestedContainer(keyedBy: JSONKey.self, forKey: JSONKey("features"))
        for feature in Feature.allCases {
            guard let result = comparison.features[feature] else { continue }
            var entry = features.nestedContainer(keyedBy: JSONKey.self, forKey: JSONKey(feature.rawValue))
            try entry.encode(result.pieceCount, forKey: JSONKey("pieces"))
            try entry.encode(result.referencePieceCount, forKey: JSONKey("referencePieces"))
            try entry.encode(finite(result.overlappedArea), forKey: JSONKey("oa"))
            try entry.encode(finite(result.klDivergence), forKey: JSONKey("kl"))
            try entry.encode(finite(result.referenceOverlappedArea), forKey: JSONKey("referenceOA"))
            try entry.encode(finite(result.referenceKLDivergence), forKey: JSONKey("referenceKL"))
        }
        try container.encode(finite(comparison.meanOverlappedArea), forKey: JSONKey("meanOA"))
        try container.encode(finite(comparison.referenceMeanOverlappedArea), forKey: JSONKey("referenceMeanOA"))
    }
}
