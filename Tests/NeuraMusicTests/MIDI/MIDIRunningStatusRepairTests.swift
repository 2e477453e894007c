import Foundation
import Testing
@testable import NeuraMusic

/// Data bytes where the SMF rule needs a status byte, read as mido and pretty_midi read them
/// (checked against mido 1.3.3 on these very bytes), with a warning naming the byte.
@Suite struct MIDIRunningStatusRepairTests {
    @Test func aDataByteAfterAMetaEventReusesTheChannelStatusFromBeforeIt() throws {
        let bytes = hexDump("""
            4D 54 68 64 00 00 00 06 00 00 00 01 00 60   // MThd: format 0, 1 track, 96 PPQ
            4D 54 72 6B 00 00 00 15                     // MTrk, 21 bytes
            00 90 3C 40                                 // 0: note-on C4, running status 90
            00 FF 01 00                                 // 0: empty text (FF at byte 27): ends running status by the rule
            00 3C 00                                    // 0: byte 31, data 3C: mido reads note-on C4 vel 0
            60 3E 40                                    // 96: ordinary running status from here on
            60 3E 00                                    // 192
            00 FF 2F 00
            """)
        let result = try MIDIReader.read(bytes: bytes, source: "lyrics.mid")
        #expect(result.file.tracks[0].events == [
            MIDIEvent(tick: 0, .noteOn(channel: 0, key: 60, velocity: 64)),
            MIDIEvent(tick: 0, .meta(type: 0x01, data: [])),
            MIDIEvent(tick: 0, .noteOn(channel: 0, key: 60, velocity: 0)),
            MIDIEvent(tick: 96, .noteOn(channel: 0, key: 62, velocity: 64)),
            MIDIEvent(tick: 192, .noteOn(channel: 0, key: 62, velocity: 0)),
            MIDIEvent(tick: 192, .endOfTrack),
        ])
        // One warning for the one byte the rule leaves without a status, not for the ones after it.
        #expect(result.warnings == [
            "lyrics.mid: byte 31: data byte 0x3C where a status byte is needed, after the meta event at byte 27, which ends running status in the SMF rule; read as a note-on with the running status 0x90 from before it, as mido and pretty_midi do",
        ])
    }

    @Test func everyRepairInATrackIsCountedInOneWarning() throws {
        let bytes = hexDump("""
            4D 54 68 64 00 00 00 06 00 00 00 01 00 60   // MThd: format 0, 1 track, 96 PPQ
            4D 54 72 6B 00 00 00 1B                     // MTrk, 27 bytes
            00 90 3C 40                                 // 0: note-on C4
            00 FF 05 01 61                              // 0: lyric "a" (FF at byte 27)
            60 3C 00                                    // 96: 3C at byte 32, repaired
            00 FF 05 01 62                              // 96: lyric "b"
            00 3E 40                                    // 96: 3E at byte 40, repaired
            60 3E 00                                    // 192
            00 FF 2F 00
            """)
        let result = try MIDIReader.read(bytes: bytes, source: "karaoke.mid")
        #expect(result.file.tracks[0].events.count { if case .noteOn = $0.message { true } else { false } } == 4)
        #expect(result.warnings.count == 1)
        #expect(result.warnings[0].hasPrefix("karaoke.mid: byte 32: data byte 0x3C where a status byte is needed, after the meta event at byte 27"))
        #expect(result.warnings[0].hasSuffix("; 1 more such byte in track 0 read the same way"))
    }

    @Test func aDataByteAfterASysexStartsAnotherSysexWithTheByteDropped() throws {
        // mido makes a sysex the running status: the stray 3C is dropped and the next byte
        // read as the length of another sysex (here 0, so an empty one).
        let bytes = hexDump("""
            4D 54 68 64 00 00 00 06 00 00 00 01 00 60   // MThd: format 0, 1 track, 96 PPQ
            4D 54 72 6B 00 00 00 13                     // MTrk, 19 bytes
            00 90 3C 40                                 // 0: note-on C4
            00 F0 01 41                                 // 0: sysex 41
            00 3C 00                                    // 0: byte 31: a sysex of length 0, 3C dropped
            60 80 3C 00                                 // 96: note-off C4
            00 FF 2F 00
            """)
        let result = try MIDIReader.read(bytes: bytes, source: "sysex.mid")
        #expect(result.file.tracks[0].events.map(\.message) == [
            .noteOn(channel: 0, key: 60, velocity: 64), .sysex([0x41]), .sysex([]),
            .noteOff(channel: 0, key: 60, velocity: 0), .endOfTrack,
        ])
        #expect(result.warnings == [
            "sysex.mid: byte 31: data byte 0x3C where a status byte is needed, after a sysex (F0) event; read, with this byte dropped, as another sysex (F0) event, as mido and pretty_midi do",
        ])
    }

    /// A real file (music21's test14.mid) with the status byte after a mid-track track name
    /// deleted, so a data byte stands where a status byte belongs: before, the whole file was
    /// refused; pretty_midi reads its 17 notes, and so must we, on the same ticks.
    @Test func aRealFileWithALostStatusByteReadsWithEveryNote() throws {
        let url = try MIDIFixture.url("music21-test14-status-byte-lost")
        let read = try MIDIReader.read(contentsOf: url)
        #expect(read.warnings.count == 1)
        #expect(read.warnings[0].contains("byte 155: data byte 0x07 where a status byte is needed"), "\(read.warnings)")
        #expect(read.warnings[0].contains("read as a control change with the running status 0xB0"))
        #expect(MIDIInfo(reading: read, source: url.path).noteCount == 17)

        let (score, report) = try ScoreFile.load(contentsOf: url)
        #expect(report.entries.contains { $0.kind == .readerWarning && $0.detail.hasPrefix("byte 155: data byte 0x07") })
        // pretty_midi 0.2.11's notes of this file as (pitch, start tick, end tick) at 256 PPQ,
        // which a 4-step grid divides exactly (64 ticks a step).
        let prettyMIDI: [(Int, Int, Int)] = [
            (57, 640, 768), (65, 768, 1408), (64, 1408, 1536), (68, 1536, 2176), (69, 2176, 2304), (53, 1536, 2304),
            (59, 1536, 2304), (63, 1536, 2304), (70, 2304, 2432), (71, 2432, 2688), (52, 2304, 2688), (56, 2304, 2688),
            (62, 2304, 2688), (62, 2688, 2816), (71, 2688, 2816), (52, 2688, 2816), (56, 2688, 2816),
        ]
        let expected = prettyMIDI.map { [$0.0, $0.1 / 64, ($0.2 - $0.1) / 64] }.sorted { $0.lexicographicallyPrecedes($1) }
        let ours = score.notes.map { [$0.pitch, $0.start, $0.length] }.sorted { $0.lexicographicallyPrecedes($1) }
        #expect(ours == expected)
        #expect(score.parts == [Part(name: "Piano", program: 0, channel: 0)])
    }
}
