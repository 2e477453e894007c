import Foundation
import Testing
@testable import NeuraMusic

private typealias B = MIDIBuilding

/// How tracks and channels become parts on import: names, programs, drums, and what is
/// reported along the way.
@Suite struct PartImportTests {
    private func program(_ tick: Int, _ program: UInt8, channel: UInt8 = 0) -> MIDIEvent {
        MIDIEvent(tick: tick, .programChange(channel: channel, program: program))
    }

    private func name(_ text: String, type: UInt8 = 0x03) -> MIDIEvent { B.meta(0, .text(type, text)) }

    @Test func formatOneTrackChannelPairsArePartsNamedByTheirTrack() throws {
        let midi = B.file(
            [name("Violin I"), program(0, 40), B.on(0, 76), B.off(480, 76), B.end(480)],
            [name("  Cello  \u{0}"), program(0, 42, channel: 3), B.on(0, 48, channel: 3), B.off(480, 48, channel: 3), B.end(480)],
            [name("Piano"), program(0, 0), program(0, 0, channel: 1),
             B.on(0, 60), B.off(480, 60), B.on(0, 36, channel: 1), B.off(480, 36, channel: 1), B.end(480)])
        let (score, report) = try Quantizer.score(from: midi, source: "trio.mid")
        #expect(score.parts == [
            Part(name: "Violin I", program: 40, channel: 0), Part(name: "Cello", program: 42, channel: 3),
            Part(name: "Piano (channel 1)", program: 0, channel: 0), Part(name: "Piano (channel 2)", program: 0, channel: 1),
        ])
        #expect(score.notes.map(\.part) == [3, 1, 2, 0])
        #expect(report.isEmpty, "\(report)")
    }

    @Test func formatZeroChannelsArePartsNamedByProgramOrChannelPrefix() throws {
        let track = [
            name("Song title"),
            B.meta(0, .meta(type: 0x20, data: [2])), name("Bassoon"),
            program(0, 73, channel: 0), program(0, 70, channel: 2),
            B.on(0, 72, channel: 0), B.on(0, 50, channel: 2), B.on(0, 64, channel: 5), B.on(0, 36, channel: 9),
            B.off(480, 72, channel: 0), B.off(480, 50, channel: 2), B.off(480, 64, channel: 5), B.off(480, 36, channel: 9),
            B.end(480),
        ]
        let midi = MIDIFile(format: 0, division: .ticksPerQuarter(480), tracks: [MIDITrack(events: track)])
        let (score, report) = try Quantizer.score(from: midi, source: "zero.mid")
        // The title names no part; the channel prefix names channel 3; channel 6 has no program.
        #expect(score.parts.map(\.name) == ["Flute", "Bassoon", "Channel 6", "Drums"])
        #expect(score.parts.map(\.program) == [73, 70, 0, 0])
        #expect(score.parts.map(\.isDrum) == [false, false, false, true])
        #expect(score.drums.map(\.part) == [3])
        let unknown = report.entries.filter { $0.kind == .programUnknown }
        #expect(unknown.map(\.detail) == ["\"Channel 6\" (channel 6): no program change before its first note at tick 0"])
    }

    @Test func drumPartsComeAfterThePitchedOnesWhereverTheirTrackIs() throws {
        let midi = B.file(
            [name("Kit"), B.on(0, 36, channel: 9), B.off(120, 36, channel: 9), B.end(120)],
            [name("Bass"), program(0, 33), B.on(0, 40), B.off(120, 40), B.end(120)])
        let (score, _) = try Quantizer.score(from: midi, source: "band.mid")
        #expect(score.parts.map(\.name) == ["Bass", "Kit"])
        #expect(score.notes.map(\.part) == [0])
        #expect(score.drums.map(\.part) == [1])
    }

    @Test func aProgramChangeMidwayIsReportedAndThePartKeepsItsFirst() throws {
        let midi = B.file([
            name("Keys"), program(0, 0), B.on(0, 60), B.off(480, 60),
            program(480, 4), B.on(480, 62), B.off(960, 62), B.on(960, 64), B.off(1440, 64), B.end(1440),
        ])
        let (score, report) = try Quantizer.score(from: midi, source: "keys.mid")
        #expect(score.parts == [Part(name: "Keys", program: 0, channel: 0)])
        let changed = try #require(report.entries.first { $0.kind == .programChanged })
        #expect(changed.count == 2)
        #expect(changed.track == 1)
        #expect(changed.detail == "\"Keys\" (channel 1) keeps program 0 (Acoustic Grand Piano); notes later under 4 (Electric Piano 1) from tick 480")
    }

    @Test func partsPastSixteenMergeIntoTheMostAlikeAndSaySo() throws {
        // 17 pitched tracks: the 17th, a second oboe, joins the oboe; with 18, a piccolo
        // (no flute-family program among the others but the flute) joins the flute family.
        var tracks: [[MIDIEvent]] = (0..<15).map { index in
            let channel = UInt8(index < 9 ? index : index + 1)
            return [name("Desk \(index + 1)"), program(0, UInt8(index * 2), channel: channel),
                    B.on(0, UInt8(40 + index), channel: channel), B.off(480, UInt8(40 + index), channel: channel), B.end(480)]
        }
        tracks[14] = [name("Flute"), program(0, 73, channel: 15), B.on(0, 84, channel: 15), B.off(480, 84, channel: 15), B.end(480)]
        tracks.append([name("Oboe"), program(0, 68), B.on(0, 70), B.off(480, 70), B.end(480)])
        tracks.append([name("Oboe 2"), program(0, 68, channel: 1), B.on(0, 69, channel: 1), B.off(480, 69, channel: 1), B.end(480)])
        tracks.append([name("Piccolo"), program(0, 72, channel: 2), B.on(0, 96, channel: 2), B.off(480, 96, channel: 2), B.end(480)])
        let midi = MIDIFile(format: 1, division: .ticksPerQuarter(480), tracks: [MIDITrack(events: [B.end(0)])] + tracks.map { MIDITrack(events: $0) })
        let (score, report) = try Quantizer.score(from: midi, source: "tutti.mid")
        #expect(score.parts.count == 16)
        #expect(score.notes.count == 18)
        let merges = report.entries.filter { $0.kind == .partsPastLimit }.map(\.detail)
        #expect(merges == [
            "\"Piccolo\" (track 18 channel 3, program 72) merged into \"Flute\" (same instrument family)",
            "\"Oboe 2\" (track 17 channel 2, program 68) merged into \"Oboe\" (same program)",
        ])
        #expect(score.notes.filter { $0.pitch == 96 }.map(\.part) == [14])
        #expect(score.notes.filter { $0.pitch == 69 }.map(\.part) == [15])
    }

    @Test func emptyTracksAreReportedNotDropped() throws {
        let midi = B.file(
            [name("Horn"), program(0, 60), B.end(960)],
            [name("Violin"), program(0, 40), B.on(0, 67), B.off(480, 67), B.end(480)])
        let (score, report) = try Quantizer.score(from: midi, source: "gap.mid")
        #expect(score.parts.map(\.name) == ["Violin"])
        #expect(report.entries.contains { $0.kind == .emptyTrack && $0.track == 1 && $0.detail.contains("Horn") })
    }

    // MARK: real files

    @Test func aFourTrackChoraleReadsAsItsFourVoicesAndWritesBackAsFourTracks() throws {
        let folder = try GridFixtures.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("chorale.mid")
        let (score, _) = try ScoreFile.quantize(GridFixtures.url("music21-bwv66.6"), to: output)
        #expect(score.parts.map(\.name) == ["Soprano", "Alto", "Tenor", "Bass"])
        // music21 writes every voice on channel 1, so only the soprano keeps it on export.
        #expect(score.parts.map(\.channel) == [0, 0, 0, 0])
        #expect(score.parts.allSatisfy { $0.program == 0 && !$0.isDrum })

        let written = try MIDIReader.read(contentsOf: output)
        #expect(written.file.tracks.count == 5)
        let info = MIDIInfo(reading: written, source: output.path)
        #expect(info.tracks.map(\.name) == ["music21-bwv66.6", "Soprano", "Alto", "Tenor", "Bass"])
        #expect(info.tracks.map { $0.channels.map(\.channel) } == [[], [1], [2], [3], [4]])
        #expect(info.parts.map(\.noteCount) == (0..<4).map { score.notes(inPart: $0).count })
        let (again, _) = try ScoreFile.load(contentsOf: output)
        #expect(again.notes == score.notes)
        #expect(again.parts.map(\.name) == score.parts.map(\.name))
    }

    @Test func partsOfTheFixturesMatchPrettyMIDIsInstruments() throws {
        // pretty_midi 0.2.11's instruments: (name, program, is_drum, note count) per fixture.
        let expected: [String: [(String, Int, Bool, Int)]] = [
            "music21-k525short": [("String Ensemble 1", 48, false, 45), ("String Ensemble 1", 48, false, 68),
                                  ("String Ensemble 1", 48, false, 34), ("String Ensemble 1", 48, false, 32),
                                  ("String Ensemble 1", 48, false, 32)],
            "pretty-midi-drums": [("Piano", 0, false, 8), ("Drums", 0, true, 8)],
            "music21-test14-status-byte-lost": [("Piano", 0, false, 17)],
        ]
        for (fixture, instruments) in expected {
            let info = MIDIInfo(reading: try MIDIFixture.read(fixture), source: fixture)
            #expect(info.parts.map(\.name) == instruments.map(\.0), "\(fixture)")
            #expect(info.parts.map(\.program) == instruments.map(\.1), "\(fixture)")
            #expect(info.parts.map(\.isDrum) == instruments.map(\.2), "\(fixture)")
            #expect(info.parts.map(\.noteCount) == instruments.map(\.3), "\(fixture)")
        }
        // Format 0: pretty_midi names both instruments by the sequence's title; here the
        // violin is named by its program and the drums as drums.
        let format0 = MIDIInfo(reading: try MIDIFixture.read("mido-format0"), source: "mido-format0")
        #expect(format0.parts.map(\.name) == ["Violin", "Drums"])
        #expect(format0.parts.map(\.channel) == [1, 10])
        #expect(format0.parts.map(\.noteCount) == [5, 1])
    }
}
