import Foundation
import Testing
@testable import NeuraMusic

/// Real files through the reader, the quantiser and the writer.
@Suite struct ScoreFileTests {
    @Test func aBachChoraleQuantisesToItsFourVoices() throws {
        let (score, report) = try ScoreFile.load(contentsOf: GridFixtures.url("music21-bwv66.6"))
        // pretty_midi counts 163 notes; music21 writes no duplicates, so none are merged.
        #expect(score.notes.count + report.total(.duplicatesMerged) == 163)
        #expect(Set(score.notes.map(\.part)) == [0, 1, 2, 3])
        #expect(score.drums.isEmpty)
        #expect(score.notes.allSatisfy { $0.length >= 1 && $0.start >= 0 })
        #expect(score.length >= score.notes.map(\.end).max()!)
    }

    @Test func drumsInARealFileAreSetAside() throws {
        let (score, report) = try ScoreFile.load(contentsOf: GridFixtures.url("pretty-midi-drums"))
        #expect(score.notes.count + score.drums.count + report.total(.duplicatesMerged) == 16)
        #expect(score.drums.count + report.entries.filter { $0.kind == .duplicatesMerged && $0.detail == "drums" }.reduce(0) { $0 + $1.count } == 8)
        #expect(report.total(.drumsSetAside) == score.drums.count)
    }

    @Test func quantizeWritesAFileThatReadsBackAsTheSameScore() throws {
        let folder = try GridFixtures.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["music21-bwv66.6", "music21-k525short", "pretty-midi-drums", "mido-format0", "music21-test14-status-byte-lost"] {
            let output = folder.appendingPathComponent("\(name).mid")
            let (score, _) = try ScoreFile.quantize(GridFixtures.url(name), to: output)
            let (again, report) = try ScoreFile.load(contentsOf: output)
            #expect(again.notes == score.notes, "\(name)")
            #expect(again.drums == score.drums, "\(name)")
            // Each part comes back with its name and program; channels are the writer's choice.
            #expect(again.parts.map { [$0.name, "\($0.program)", "\($0.isDrum)"] }
                == score.parts.map { [$0.name, "\($0.program)", "\($0.isDrum)"] }, "\(name)")
            #expect(again.length == score.length && again.timeSignature == score.timeSignature, "\(name)")
            #expect(abs(again.tempo - score.tempo) < 0.01, "\(name)")
            // Quantised output is already on the grid: reading it again changes no note.
            let changes: Set<ImportReport.Kind> = [.duplicatesMerged, .overlapsTrimmed, .notesLengthened, .unterminatedNotes]
            #expect(!report.entries.contains { changes.contains($0.kind) }, "\(name): \(report)")
        }
    }

    @Test func exportedBytesCarryTakeInfoThroughTheReader() throws {
        let score = Score(notes: [Note(pitch: 60, start: 0, length: 4)], length: 8)
        let generated = [Note(pitch: 64, start: 4, length: 4), Note(pitch: 64, start: 6, length: 2)]
        let options = ExportOptions(takeInfo: ["rngSeed": "42", "version": "0.1.0"])
        let bytes = MIDIWriter.bytes(for: MIDIFile(score: score, generated: generated, options: options))
        let read = try MIDIReader.read(bytes: bytes, source: "take.mid")
        #expect(read.warnings.isEmpty)
        #expect(read.file.tracks[0].events.contains { $0.message == .meta(type: 0x01, data: Array("rngSeed=42; version=0.1.0".utf8)) })
        let (back, _) = try Quantizer.score(from: read.file, source: "take.mid")
        // Seed and generated notes come back as two parts; the overlapping E4 was ended early.
        #expect(back.notes.map { [$0.pitch, $0.start, $0.length, $0.part] } == [[60, 0, 4, 0], [64, 4, 2, 1], [64, 6, 2, 1]])
        #expect(back.parts.map(\.name) == ["Part 1", "Part 1 (NeuraScore)"])
    }

    @Test func readerWarningsOpenTheReportWithoutRepeatingThePath() throws {
        let url = try GridFixtures.url("mido-format2")
        let (score, report) = try ScoreFile.load(contentsOf: url)
        let warnings = report.entries.filter { $0.kind == .readerWarning }
        #expect(!warnings.isEmpty)
        #expect(warnings.allSatisfy { $0.source == url.path && !$0.detail.hasPrefix(url.path) })
        #expect(!score.notes.isEmpty)
    }

    @Test func unreadableFilesGiveErrorsNamingThem() throws {
        let folder = try GridFixtures.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let junk = folder.appendingPathComponent("junk.mid")
        try Data("not midi".utf8).write(to: junk)
        do {
            _ = try ScoreFile.load(contentsOf: junk)
            Issue.record("junk was read")
        } catch {
            #expect("\(error)".contains("junk.mid"))
        }
    }
}
