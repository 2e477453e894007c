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

    private static func summaries<Section>(_ scalars: [ScalarMetric<Section>], _ sections: [Section]) -> [String: MetricSummary] {
        Dictionary(uniqueKeysWithValues: scalars.map { scalar in (scalar.key, MetricSummary(sections.map(scalar.value))) })
    }
}
