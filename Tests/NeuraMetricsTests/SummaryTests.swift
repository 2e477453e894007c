import Foundation
import NeuraMetrics
import Testing

@Suite struct SummaryTests {
    @Test func meanPopulationDeviationAndLinearPercentiles() throws {
        let summary = MetricSummary([3, nil, 1, 4, .nan, 2])
        #expect(summary.count == 4)
        #expect(summary.mean == 2.5)
        #expect(abs((summary.standardDeviation ?? 0) - 1.25.squareRoot()) < 1e-15)
        // numpy.percentile([1, 2, 3, 4], [5, 25, 50, 75, 95]).
        let percentiles = try #require(summary.percentiles)
        for (actual, expected) in [(percentiles.p5, 1.15), (percentiles.p25, 1.75), (percentiles.p50, 2.5),
                                   (percentiles.p75, 3.25), (percentiles.p95, 3.85)] {
            #expect(abs(actual - expected) < 1e-12)
        }
    }

    @Test func nothingDefinedIsACountOfZero() throws {
        let summary = MetricSummary([nil, nil])
        #expect(summary.count == 0)
        #expect(summary.mean == nil)
        let json = String(decoding: try JSONEncoder().encode(summary), as: UTF8.self)
        #expect(json.contains("\"mean\":null"))
        #expect(json.contains("\"percentiles\":null"))
    }

    @Test func aSetSummaryListsEveryScalarAndSurvivesJSON() throws {
        let pieces = try ["music21-bwv347.mid", "music21-bwv153.1.mid", "music21-oneills-0005.mid"].map {
            try PieceMetrics(contentsOf: MetricsFixtures.ownMIDI($0))
        }
        let summary = SetSummary(pieces)
        #expect(summary.pieceCount == 3)
        #expect(Set(summary.muspy.keys) == Set(MusPyMetrics.scalars.map(\.key)))
        #expect(Set(summary.mgeval.keys) == Set(PieceFeatures.scalars.map(\.key)))
        #expect(Set(summary.harmony.keys) == Set(HarmonyFigures.scalars.map(\.key)))
        #expect(summary.harmony["finalBassIsTonic"]?.mean == 1)
        // Two chorales have part-writing; the folk tune does not.
        #expect(summary.harmony["parallelFifthsPer100ChordChanges"]?.count == 2)
        let decoded = try JSONDecoder().decode(SetSummary.self, from: JSONEncoder().encode(summary))
        #expect(decoded == summary)
        #expect(SetSummary([]).muspy.count == MusPyMetrics.scalars.count)
    }
}
