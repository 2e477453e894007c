import Foundation
import NeuraMetrics
import NeuraMusic
import Testing

/// `harmonize`, `infill` and `generate --end-at-bar` with the bundled chorale model, on real
/// chorales of its test split (Fixtures/chorales-test: BWV 62.6 and 64.2 as
/// `Scripts/export-corpus` writes them; the model never trained on them).
@Suite struct ComposingCommandTests {
    let folder: URL
    static let chorales = ["bach-bwv62.6.mid", "bach-bwv64.2.mid"].map {
        NeuraScoreBinary.repositoryFile("Tests/CLITests/Fixtures/chorales-test/\($0)")
    }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-composing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    static func shape(_ notes: [Note]) -> [[Int]] {
        notes.map { [$0.start, $0.pitch, $0.length] }.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// The chorale's soprano alone, written as a melody file.
    func soprano(of chorale: URL, to name: String) throws -> [Note] {
        let score = try ScoreFile.load(contentsOf: chorale).score
        let index = try #require(score.parts.firstIndex { $0.name == "Soprano" })
        var melody = score
        melody.notes = score.notes.filter { $0.part == index }.map { var note = $0; note.part = 0; return note }
        melody.parts = [score.parts[index]]
        try ScoreFile.save(melody, to: folder.appendingPathComponent(name))
        return melody.notes
    }

    @Test(arguments: chorales)
    func harmonizeKeepsARealSopranoNoteForNoteAndWritesTheOtherVoices(chorale: URL) throws {
        let melody = try soprano(of: chorale, to: "melody.mid")
        let result = try NeuraScoreBinary.run(
            ["harmonize", "--melody", path("melody.mid"), "--num-outputs", "2", "--rng-seed", "3", "-o", path("satb.mid")],
            timeout: 120)
        #expect(result.exitCode == 0, "\(result.stderr)")
        for take in ["satb-1.mid", "satb-2.mid"] {
            let written = try ScoreFile.load(contentsOf: folder.appendingPathComponent(take)).score
            #expect(written.parts.map(\.name) == ["soprano", "alto", "tenor", "bass"])
            #expect(Self.shape(written.notes.filter { $0.part == 0 }) == Self.shape(melody))
            for voice in 1...3 {
                let line = written.notes.filter { $0.part == voice }
                #expect(!line.isEmpty, "voice \(voice) is empty")
                // Each voice sings one note at a time, and the piece ends with the melody.
                let ordered = line.sorted { $0.start < $1.start }
                for (earlier, later) in zip(ordered, ordered.dropFirst()) { #expect(earlier.end <= later.start) }
                #expect(line.allSatisfy { $0.end <= melody.map(\.end).max()! })
            }
            // A melody ending on a note of the tonic chord closes on that chord, the tonic in the
            // bass (BWV 62.6 ends on G under a C major signature; BWV 64.2's G is not in A minor's).
            let key = written.keySignature.scale
            let last = try #require(melody.max { $0.start < $1.start })
            let triad = Set([0, key.isMinorKey ? 3 : 4, 7].map { (key.tonic + $0) % 12 })
            if triad.contains(last.pitch % 12) {
                let harmony = HarmonyFigures(score: written, keySignatureIsKnown: true)
                #expect(harmony.finalRootIsTonic == true && harmony.finalBassIsTonic == true, "\(take)")
            }
        }
    }

    /// The sampler keeps the voices out of parallel fifths and octaves, as `metrics` counts them;
    /// `--parallels allow` leaves them to the model, which writes them (about 9 per 100 chord
    /// changes on the test chorales).
    @Test func harmoniesAvoidParallelFifthsAndOctavesUnlessAllowed() throws {
        var allowed = 0
        for (index, chorale) in Self.chorales.enumerated() {
            let melody = "melody-\(index).mid"
            _ = try soprano(of: chorale, to: melody)
            for rule in ["avoid", "allow"] {
                let out = "parallels-\(index)-\(rule).mid"
                let arguments = ["harmonize", "--melody", path(melody), "--rng-seed", "3", "-o", path(out)]
                let result = try NeuraScoreBinary.run(arguments + (rule == "allow" ? ["--parallels", "allow"] : []), timeout: 120)
                #expect(result.exitCode == 0, "\(result.stderr)")
                let report = VoiceLeading.analyse(try ScoreFile.load(contentsOf: folder.appendingPathComponent(out)).score)
                #expect(report.chordChanges > 20)
                if rule == "avoid" {
                    #expect(report.parallelFifths == 0 && report.parallelOctaves == 0, "\(chorale.lastPathComponent): \(report)")
                } else {
                    allowed += report.parallelFifths + report.parallelOctaves
                }
                let record = try MIDIReader.read(contentsOf: folder.appendingPathComponent(out)).file.tracks.flatMap(\.events)
                    .compactMap { event -> String? in
                        guard case .meta(0x01, let data) = event.message else { return nil }
                        return String(decoding: data, as: UTF8.self)
                    }
                #expect(record.contains { $0.contains("parallels=\(rule)") }, "\(record)")
            }
        }
        #expect(allowed > 0)
        let refused = try NeuraScoreBinary.run(["harmonize", "--melody-notes", "E5:1", "--parallels", "never", "-o", path("p.mid")])
        #expect(refused.exitCode != 0 && refused.stderr.contains("--parallels must be avoid or allow"), "\(refused.stderr)")
    }

    @Test func infillChangesOnlyTheGap() throws {
        let chorale = Self.chorales[0]
        let before = try ScoreFile.load(contentsOf: chorale).score
        let result = try NeuraScoreBinary.run(
            ["infill", chorale.path, "--bars", "3..4", "--rng-seed", "5", "-o", path("filled.mid")], timeout: 120)
        #expect(result.exitCode == 0, "\(result.stderr)")
        let after = try ScoreFile.load(contentsOf: folder.appendingPathComponent("filled.mid")).score
        let gap = 32..<64
        #expect(Self.shape(after.notes.filter { !gap.contains($0.start) }) == Self.shape(before.notes.filter { !gap.contains($0.start) }))
        #expect(after.notes.contains { gap.contains($0.start) })
        #expect(after.notes.filter { gap.contains($0.start) }.allSatisfy { $0.end <= 64 })
        for bars in ["0..2", "3..99"] {
            let refused = try NeuraScoreBinary.run(["infill", chorale.path, "--bars", bars, "-o", path("x.mid")])
            #expect(refused.exitCode != 0)
            #expect(refused.stderr.contains("bars") && !FileManager.default.fileExists(atPath: path("x.mid")), "\(refused.stderr)")
        }
    }

    @Test func aPieceEndsExactlyAtTheBarAskedFor() throws {
        let seed = "S: C5:1 D5:1 E5:2; A: G4:2 G4:2; T: E4:2 C4:2; B: C3:2 C3:2"
        for seedNumber in 1...3 {
            let out = path("ended-\(seedNumber).mid")
            let result = try NeuraScoreBinary.run(
                ["generate", "--seed-notes", seed, "--end-at-bar", "4", "--rng-seed", "\(seedNumber)", "-o", out], timeout: 120)
            #expect(result.exitCode == 0, "\(result.stderr)")
            let written = try ScoreFile.load(contentsOf: URL(fileURLWithPath: out)).score
            #expect(written.notes.map(\.end).max() == 64, "the last notes end with bar 4")
            #expect(written.notes.allSatisfy { $0.end <= 64 })
        }
        let early = try NeuraScoreBinary.run(["generate", "--seed-notes", seed, "--end-at-bar", "1", "-o", path("early.mid")])
        #expect(early.exitCode != 0)
        #expect(early.stderr.contains("the seed goes on to"), "\(early.stderr)")
    }

    /// `--end-at-bar` closes on the tonic chord of the seed's key signature, the tonic in the
    /// bass, every voice singing it; `--cadence free` leaves the close to the model, which
    /// here ends elsewhere. Real test chorales, their first 4 bars continued to the end of bar 8.
    @Test func anEndingClosesOnTheTonicChordUnlessLeftFree() throws {
        var free: [Bool] = []
        for (index, chorale) in Self.chorales.enumerated() {
            var seed = try ScoreFile.load(contentsOf: chorale).score
            seed.notes = seed.notes.filter { $0.start < 64 }.map { var note = $0; note.length = min(note.length, 64 - note.start); return note }
            seed.length = 64
            try ScoreFile.save(seed, to: folder.appendingPathComponent("seed-\(index).mid"))
            let key = seed.keySignature.scale
            for cadence in ["tonic", "free"] {
                let out = "close-\(index)-\(cadence).mid"
                let result = try NeuraScoreBinary.run(
                    ["generate", "--seed-midi", path("seed-\(index).mid"), "--end-at-bar", "8", "--cadence", cadence,
                     "--num-outputs", "2", "--rng-seed", "4", "-o", path(out)], timeout: 120)
                #expect(result.exitCode == 0, "\(result.stderr)")
                for take in 1...2 {
                    let file = folder.appendingPathComponent(out.replacingOccurrences(of: ".mid", with: "-\(take).mid"))
                    let written = try ScoreFile.load(contentsOf: file).score
                    #expect(written.notes.map(\.end).max() == 128)
                    let harmony = HarmonyFigures(score: written, keySignatureIsKnown: true)
                    #expect(harmony.key == key)
                    if cadence == "tonic" {
                        #expect(harmony.finalRootIsTonic == true && harmony.finalBassIsTonic == true, "\(file.lastPathComponent)")
                        let close = written.notes.filter { $0.start <= 127 && $0.end == 128 }
                        #expect(close.count == 4 && close.allSatisfy { $0.start <= 120 }, "\(close)")
                    } else {
                        free.append(harmony.finalRootIsTonic == true)
                    }
                }
            }
        }
        #expect(free.contains(false), "left free, the model ends off the tonic in some of these takes")
        let refused = try NeuraScoreBinary.run(["generate", "--seed-notes", "C4:1", "--end-at-bar", "2", "--cadence", "plagal", "-o", path("x.mid")])
        #expect(refused.exitCode != 0 && refused.stderr.contains("--cadence must be tonic or free"), "\(refused.stderr)")
    }

    /// A seed typed in, with no key signature, closes on the key estimated from its notes.
    @Test func aTypedSeedClosesInTheKeyItsNotesSuggest() throws {
        let seed = "S: A4:1 B4:1 C5:1 E5:1; A: E4:2 E4:2; T: C4:2 A3:2; B: A2:2 A2:2"
        let out = path("a-minor.mid")
        let result = try NeuraScoreBinary.run(["generate", "--seed-notes", seed, "--end-at-bar", "3", "--rng-seed", "2", "-o", out], timeout: 120)
        #expect(result.exitCode == 0, "\(result.stderr)")
        let written = try ScoreFile.load(contentsOf: URL(fileURLWithPath: out)).score
        let finalChord = try #require(FinalChord(of: written))
        #expect(finalChord.rootPitchClass == 9 && finalChord.bassPitchClass == 9, "\(finalChord.pitches)")
        #expect(written.keySignature == KeySignature(sharps: 0, isMinor: true), "the take names the key it closed in")
    }

    @Test func aMelodyTheVoiceCannotSingOrAChordInItIsToldAbout() throws {
        let high = try NeuraScoreBinary.run(
            ["harmonize", "--melody-notes", "C7:1 D7:1 E7:2", "-o", path("high.mid")])
        #expect(high.exitCode != 0)
        #expect(high.stderr.contains("outside its usual range") && high.stderr.contains("--transpose -"), "\(high.stderr)")
        let moved = try NeuraScoreBinary.run(
            ["harmonize", "--melody-notes", "C7:1 D7:1 E7:2", "--transpose=-24", "-o", path("moved.mid")], timeout: 120)
        #expect(moved.exitCode == 0, "\(moved.stderr)")
        let chords = try NeuraScoreBinary.run(
            ["harmonize", "--melody-notes", "C5+E5:1 D5:1 E5+G5:2", "-o", path("chords.mid")], timeout: 120)
        #expect(chords.exitCode == 0, "\(chords.stderr)")
        #expect(chords.stderr.contains("the top note of each is kept"), "\(chords.stderr)")
        let kept = try ScoreFile.load(contentsOf: folder.appendingPathComponent("chords.mid")).score.notes.filter { $0.part == 0 }
        #expect(kept.map(\.pitch) == [76, 74, 79])
    }
}
