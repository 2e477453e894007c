import Foundation
import NeuraMetrics
import NeuraMusic
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

    /// The same chorale at 10,080 and at 3 × 10,080 ticks per quarter: the figures a model keeps
    /// as its reference agree, and the one left out (the groove consistency) does not.
    @Test func theComparableSummaryLeavesOutWhatTheResolutionChanges() throws {
        let file = try MIDIReader.read(contentsOf: MetricsFixtures.musicMIDI("music21-bwv66.6.mid")).file
        guard case .ticksPerQuarter(let resolution) = file.division else { Issue.record("not metrical"); return }
        var finer = file
        finer.division = .ticksPerQuarter(3 * resolution)
        for index in finer.tracks.indices {
            for event in finer.tracks[index].events.indices { finer.tracks[index].events[event].tick *= 3 }
        }
        let coarse = SetSummary([try PieceMetrics(midi: file, source: "coarse")])
        let fine = SetSummary([try PieceMetrics(midi: finer, source: "fine")])
        #expect(coarse.muspy["grooveConsistency"]?.mean != fine.muspy["grooveConsistency"]?.mean)

        let comparable = (coarse.comparableAcrossResolutions, fine.comparableAcrossResolutions)
        #expect(comparable.0.muspy["grooveConsistency"] == nil)
        #expect(comparable.0.muspy.count == MusPyMetrics.scalars.count - SetSummary.resolutionDependentKeys.count)
        for (section, other) in [(comparable.0.muspy, comparable.1.muspy), (comparable.0.mgeval, comparable.1.mgeval),
                                 (comparable.0.harmony, comparable.1.harmony)] {
            #expect(Set(section.keys) == Set(other.keys))
            for (key, summary) in section {
                #expect(summary.count == other[key]?.count, "\(key)")
                if let mean = summary.mean {
                    #expect(abs(mean - (other[key]?.mean ?? .nan)) <= 1e-9 * max(1, abs(mean)), "\(key)")
                }
            }
        }
    }
}
