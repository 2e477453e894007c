import Foundation
import Testing
@testable import NeuraMusic

@Suite struct MIDIReaderTests {
    @Test func readsRunningStatusSysexMetaAndVelocityZeroNoteOns() throws {
        let bytes = hexDump("""
            4D 54 68 64 00 00 00 06   // MThd, length 6
            00 00 00 01 00 60         // format 0, 1 track, 96 ticks per quarter
            4D 54 72 6B 00 00 00 26   // MTrk, length 38
            00 FF 03 02 48 69         // 0: track name "Hi"
            00 F0 03 7E 09 F7         // 0: sysex 7E 09 F7
            00 C0 05                  // 0: program change ch 0 → 5
            00 90 3C 40               // 0: note-on C4 vel 64
            60 3C 00                  // 96: running status: note-on C4 vel 0 (a note-off)
            00 40 50                  // 96: running status: note-on E4 vel 80
            81 40 E1 00 40            // 288: pitch bend ch 1, centre (8192)
            00 80 40 00               // 288: note-off E4
            00 FF 2F 00               // 288: end of track
            """)
        let result = try MIDIReader.read(bytes: bytes, source: "running.mid")
        #expect(result.warnings.isEmpty)
        #expect(result.file.format == 0)
        #expect(result.file.division == .ticksPerQuarter(96))
        #expect(result.file.tracks.count == 1)
        #expect(result.file.tracks[0].events == [
            MIDIEvent(tick: 0, .meta(type: 0x03, data: Array("Hi".utf8))),
            MIDIEvent(tick: 0, .sysex([0x7E, 0x09, 0xF7])),
            MIDIEvent(tick: 0, .programChange(channel: 0, program: 5)),
            MIDIEvent(tick: 0, .noteOn(channel: 0, key: 60, velocity: 64)),
            MIDIEvent(tick: 96, .noteOn(channel: 0, key: 60, velocity: 0)),
            MIDIEvent(tick: 96, .noteOn(channel: 0, key: 64, velocity: 80)),
            MIDIEvent(tick: 288, .pitchBend(channel: 1, value: 8192)),
            MIDIEvent(tick: 288, .noteOff(channel: 0, key: 64, velocity: 0)),
            MIDIEvent(tick: 288, .endOfTrack),
        ])
    }

    @Test func readsEscapeEventsAndKeepsUnknownMetaEventsRaw() throws {
        let bytes = hexDump("""
            4D 54 68 64 00 00 00 06 00 01 00 01 01 E0   // MThd: format 1, 1 track, 480 PPQ
            4D 54 72 6B 00 00 00 11                     // MTrk, length 17
            00 F7 02 F3 01                              // 0: escape F3 01 (a song select, sent raw)
            83 60 FF 7F 03 00 00 41                     // 480: sequencer-specific meta, kept raw
            00 FF 2F 00                                 // 480: end of track
            """)
        let events = try MIDIReader.read(bytes: bytes, source: "escape.mid").file.tracks[0].events
        #expect(events == [
            MIDIEvent(tick: 0, .escape([0xF3, 0x01])),
            MIDIEvent(tick: 480, .meta(type: 0x7F, data: [0x00, 0x00, 0x41])),
            MIDIEvent(tick: 480, .endOfTrack),
        ])
    }

    @Test func skipsUnknownChunksWithAWarning() throws {
        let bytes = hexDump("""
            4D 54 68 64 00 00 00 06 00 00 00 01 00 60   // MThd: format 0, 1 track, 96 PPQ
            58 46 49 48 00 00 00 03 01 02 03            // "XFIH" chunk (Yamaha XF), 3 bytes: skipped
            4D 54 72 6B 00 00 00 04 00 FF 2F 00         // MTrk: end of track only
            """)
        let result = try MIDIReader.read(bytes: bytes, source: "xf.mid")
        #expect(result.file.tracks.count == 1)
        #expect(result.warnings == ["xf.mid: byte 14: skipped an unknown XFIH chunk of 3 bytes"])
    }

    @Test func acceptsAMissingEndOfTrackWithAWarningAndAddsOne() throws {
        let bytes = hexDump("""
            4D 54 68 64 00 00 00 06 00 00 00 01 00 60   // MThd: format 0, 1 track, 96 PPQ
            4D 54 72 6B 00 00 00 08                     // MTrk, length 8, no end of track
            00 90 3C 40                                 // 0: note-on C4
            60 80 3C 40                                 // 96: note-off C4
            """)
        let result = try MIDIReader.read(bytes: bytes, source: "noend.mid")
        #expect(result.file.tracks[0].events.last == MIDIEvent(tick: 96, .endOfTrack))
        #expect(result.file.tracks[0].events.count == 3)
        #expect(result.warnings.count == 1)
        #expect(result.warnings[0].contains("noend.mid: byte 30: track 0 has no end-of-track event"))
    }

    @Test func readsEveryTrackPresentWhenTheHeaderDeclaresFewerOrMore() throws {
        // Fewer tracks than declared loses nothing by reading what is there, so it is a warning.
        let declaresThree = hexDump("""
            4D 54 68 64 00 00 00 06 00 01 00 03 00 60   // MThd: format 1, 3 tracks declared
            4D 54 72 6B 00 00 00 04 00 FF 2F 00         // MTrk 0
            4D 54 72 6B 00 00 00 04 00 FF 2F 00         // MTrk 1; no third track
            """)
        let fewer = try MIDIReader.read(bytes: declaresThree, source: "fewer.mid")
        #expect(fewer.file.tracks.count == 2)
        #expect(fewer.warnings == ["fewer.mid: byte 10: the header declares 3 tracks but the file holds 2; all 2 are read"])

        let declaresOne = hexDump("""
            4D 54 68 64 00 00 00 06 00 01 00 01 00 60   // MThd: format 1, 1 track declared
            4D 54 72 6B 00 00 00 04 00 FF 2F 00         // MTrk 0
            4D 54 72 6B 00 00 00 04 00 FF 2F 00         // MTrk 1, undeclared
            """)
        let more = try MIDIReader.read(bytes: declaresOne, source: "more.mid")
        #expect(more.file.tracks.count == 2)
        #expect(more.warnings.count == 1)
    }

    @Test func readsFormatTwoTrackAfterTrackWithAWarning() throws {
        let result = try MIDIFixture.read("mido-format2")
        #expect(result.file.format == 2)
        #expect(result.file.tracks.count == 2)
        #expect(result.warnings.count == 1)
        #expect(result.warnings[0].contains("format 2"))
    }

    @Test func representsSMPTEDivision() throws {
        let bytes = hexDump("""
            4D 54 68 64 00 00 00 06 00 00 00 01   // MThd: format 0, 1 track
            E7 28                                 // division: -25 fps, 40 ticks per frame (1 ms ticks)
            4D 54 72 6B 00 00 00 04 00 FF 2F 00   // MTrk: end of track
            """)
        let file = try MIDIReader.read(bytes: bytes, source: "smpte.mid").file
        #expect(file.division == .smpte(framesPerSecond: 25, ticksPerFrame: 40))
    }

    @Test func unwrapsRIFFMIDI() throws {
        let smf = hexDump("""
            4D 54 68 64 00 00 00 06 00 00 00 01 00 60   // MThd
            4D 54 72 6B 00 00 00 04 00 FF 2F 00         // MTrk
            """)
        let riff = hexDump("""
            52 49 46 46 26 00 00 00   // RIFF, size 38 (little-endian)
            52 4D 49 44               // RMID
            64 61 74 61 1A 00 00 00   // data chunk, 26 bytes: the SMF
            """) + smf
        #expect(try MIDIReader.read(bytes: riff, source: "wrapped.rmi").file
            == MIDIReader.read(bytes: smf, source: "plain.mid").file)
    }

    @Test func readsFixturesWrittenByOtherPrograms() throws {
        for name in MIDIFixture.prettyMIDINoteCounts.keys.sorted() {
            let result = try MIDIFixture.read(name)
            #expect(!result.file.tracks.isEmpty, "\(name)")
            for track in result.file.tracks {
                #expect(track.events.last?.message.isEndOfTrack == true, "\(name)")
                #expect(track.events.count { $0.message.isEndOfTrack } == 1, "\(name)")
                #expect(zip(track.events, track.events.dropFirst()).allSatisfy { $0.tick <= $1.tick }, "\(name)")
            }
        }
    }

    @Test func readsTheFileAtAURLAndNamesItsPath() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("missing.mid")
        #expect(throws: MIDIError.unreadable(source: missing.path, reason: "no such file")) {
            try MIDIReader.read(contentsOf: missing)
        }
        #expect(throws: MIDIError.unreadable(source: directory.path, reason: "it is a directory")) {
            try MIDIReader.read(contentsOf: directory)
        }
    }

    @Test func refusesFilesOver64MiBBeforeReadingThem() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let huge = directory.appendingPathComponent("huge.mid")
        // A sparse file: 64 MiB + 1 byte on paper, almost nothing on disk.
        #expect(FileManager.default.createFile(atPath: huge.path, contents: Data("MThd".utf8)))
        let handle = try FileHandle(forWritingTo: huge)
        try handle.truncate(atOffset: UInt64(MIDIReader.maximumFileSize + 1))
        try handle.close()
        #expect(throws: MIDIError.fileTooLarge(source: huge.path, byteCount: MIDIReader.maximumFileSize + 1, limit: MIDIReader.maximumFileSize)) {
            try MIDIReader.read(contentsOf: huge)
        }
    }
}
