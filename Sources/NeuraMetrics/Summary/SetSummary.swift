/// Every scalar metric summarised over a set of pieces, by section and JSON key: what a
/// model file can keep of its training corpus to judge a take against.
public struct SetSummary: Hashable, Sendable, Codable {
    public var pieceCount: Int
    public var muspy: [String: MetricSummary]
    public var mgeval: [String: MetricSummary]
    public var harmony: [String: MetricSummary]

    public init(_ pieces: [PieceMetrics]) {
        pieceCount = pieces.count
        muspy = Self.summaries(MusPyMetrics.scalars, pieces.map(\.muspy))
        mgeval = Self.summaries(PieceFeatures.scalars, pieces.map(\.features))
        harmony = Self.summaries(HarmonyFigures.scalars, pieces.map(\.harmony))
    }

    /// MusPy keys whose values depend on the file's ticks per quarter: the groove consistency's
    /// onset patterns have a slot per tick, so the same notes score differently at 480 and at
    /// 10,080 ticks per quarter.
    public static let resolutionDependentKeys: Set<String> = ["grooveConsistency"]

    /// The summary without `resolutionDependentKeys`: the figures that compare files of any
    /// resolution, such as a model's training corpus and a take the composer writes at 480.
    public var comparableAcrossResolutions: SetSummary {
        var summary = self
        for key in Self.resolutionDependentKeys { summary.muspy[key] = nil }
        return summary
    }

    private static func summaries<Section>(_ scalars: [ScalarMetric<Section>], _ sections: [Section]) -> [String: MetricSummary] {
        Dictionary(uniqueKeysWithValues: scalars.map { scalar in (scalar.key, MetricSummary(sections.map(scalar.value))) })
    }
}
