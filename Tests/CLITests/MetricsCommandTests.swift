import Foundation
import Testing

@Suite struct MetricsCommandTests {
    private let metricsFixtures = NeuraScoreBinary.repositoryFile("Tests/NeuraMetricsTests/Fixtures/midi")
    private let musicFixtures = NeuraScoreBinary.repositoryFile("Tests/NeuraMusicTests/Fixtures/midi")

    private func fixture(_ name: String) -> String { metricsFixtures.appendingPathComponent(name).path }

    private func scratchFolder() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-metrics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func summarisesAFolderInText() throws {
        let result = try NeuraScoreBinary.run(["metrics", metricsFixtures.path])
        #expect(!result.timedOut)
        #expect(result.exitCode == 0)
        #expect(result.stderr.isEmpty)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "measured: 7 of 7 files measured")
        for heading in ["MusPy 0.5.0, on the notes in ticks", "Yang & Lerch (mgeval)", "harmony and voice leading"] {
            #expect(lines.contains(heading), "\(heading)")
        }
        #expect(lines.contains { $0.hasPrefix("  scaleConsistency ") })
        #expect(lines.contains { $0.hasPrefix("  parallelFifthsPer100ChordChanges ") })
        #expect(!result.stdout.contains("comparison"))
    }

    @Test func printsEveryFileAndTheComparisonInJSON() throws {
        let result = try NeuraScoreBinary.run([
            "metrics", "--json", "--per-file", fixture("music21-bwv347.mid"), fixture("music21-oneills-0005.mid"),
            musicFixtures.appendingPathComponent("music21-k525short.mid").path,
            "--reference", fixture("music21-bwv153.1.mid"), fixture("music21-haydn-op74no1-iii.mid"),
            musicFixtures.appendingPathComponent("music21-bwv66.6.mid").path,
        ])
        #expect(!result.timedOut)
        #expect(result.exitCode == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let measured = try #require(object["measured"] as? [String: Any])
        #expect(measured["fileCount"] as? Int == 3)
        #expect((measured["failures"] as? [Any])?.isEmpty == true)
        let files = try #require(measured["files"] as? [[String: Any]])
        let chorale = try #require(files.first { ($0["file"] as? String)?.hasSuffix("music21-bwv347.mid") == true })
        #expect(chorale["ticksPerQuarter"] as? Int == 10080)
        #expect(chorale["measureTicks"] as? Int == 40320)
        let muspy = try #require(chorale["muspy"] as? [String: Any])
        // MusPy 0.5.0's value for this file (Fixtures/muspy-reference.json).
        #expect(abs((muspy["pitchClassEntropy"] as? Double ?? 0) - 2.998982111268348) < 1e-9)
        #expect(muspy.keys.contains("drumPatternConsistency") && muspy["drumPatternConsistency"] is NSNull)
        let harmony = try #require(chorale["harmony"] as? [String: Any])
        #expect(harmony["key"] as? String == "A major")
        #expect(harmony["keySource"] as? String == "keySignature")
        #expect(harmony["finalBassIsTonic"] as? Bool == true)
        let mgeval = try #require(chorale["mgeval"] as? [String: Any])
        #expect((mgeval["pitchClassHistogram"] as? [Double])?.count == 12)
        #expect((mgeval["noteLengthTransitionMatrix"] as? [[Double]])?.count == 12)

        let summary = try #require(measured["summary"] as? [String: Any])
        let entropy = try #require((summary["muspy"] as? [String: Any])?["pitchEntropy"] as? [String: Any])
        #expect(entropy["count"] as? Int == 3)
        for key in ["mean", "standardDeviation", "percentiles"] { #expect(entropy[key] != nil, "\(key)") }
        #expect((object["reference"] as? [String: Any])?["fileCount"] as? Int == 3)
        let comparison = try #require(object["comparison"] as? [String: Any])
        let features = try #require(comparison["features"] as? [String: [String: Any]])
        #expect(features.count == 9)
        let pitchCount = try #require(features["pitchCount"])
        for key in ["pieces", "referencePieces", "oa", "kl", "referenceOA", "referenceKL"] {
            #expect(pitchCount[key] != nil, "\(key)")
        }
        #expect(comparison["meanOA"] is Double)
    }

    @Test func measuresTheOtherFilesWhenOneIsBad() throws {
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let corrupt = folder.appendingPathComponent("cut.mid")
        // MThd and an MTrk that claims 256 bytes with 4 present: a download cut short.
        try Data([0x4D, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 0, 0, 1, 0, 0x60,
                  0x4D, 0x54, 0x72, 0x6B, 0, 0, 1, 0, 0, 0xFF, 0x2F, 0]).write(to: corrupt)
        try FileManager.default.copyItem(
            at: metricsFixtures.appendingPathComponent("music21-oneills-0005.mid"), to: folder.appendingPathComponent("jig.mid"))
        let missing = "/nonexistent-neurascore-dir/none.mid"

        let result = try NeuraScoreBinary.run(["metrics", folder.path, missing])
        #expect(!result.timedOut)
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("\(corrupt.path): byte 14: the MTrk chunk declares 256 bytes but only 4 remain"))
        #expect(result.stderr.contains("\(missing): no such file or folder"))
        #expect(result.stdout.hasPrefix("measured: 1 of 3 files measured (2 could not be measured)"))

        let json = try NeuraScoreBinary.run(["metrics", "--json", folder.path])
        #expect(json.exitCode == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let failures = try #require((object["measured"] as? [String: Any])?["failures"] as? [[String: String]])
        #expect(failures.map { $0["file"] } == [corrupt.path])
    }

    @Test func showsProgressForManyFiles() throws {
        let result = try NeuraScoreBinary.run(["metrics", metricsFixtures.path, musicFixtures.path])
        let count = try [metricsFixtures, musicFixtures].reduce(0) { total, folder in
            total + (try FileManager.default.contentsOfDirectory(atPath: folder.path)).count { $0.hasSuffix(".mid") }
        }
        #expect(result.exitCode == 0)
        #expect(result.stdout.hasPrefix("measured: \(count) of \(count) files measured"))
        #expect(result.stderr.contains("metrics: \(count)/\(count) files 100%"))
    }

    @Test func refusesToRunWithoutFiles() throws {
        let result = try NeuraScoreBinary.run(["metrics"])
        #expect(result.exitCode != 0)
        #expect(result.stderr.contains("Missing expected argument"))
    }
}
