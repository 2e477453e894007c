import Foundation
import Testing
@testable import NeuraMusic

@Suite struct MIDIWriterTests {
    @Test func writesTheBytesTheSpecificationAsksFor() {
        let file = MIDIFile(format: 0, division: .ticksPerQuarter(480), tracks: [
            MIDITrack(events: [
                MIDIEvent(tick: 0, .noteOn(channel: 0, key: 60, velocity: 100)),
                MIDIEvent(tick: 480, .noteOn(channel: 0, key: 60, velocity: 0)),
                MIDIEvent(tick: 480, .endOfTrack),
            ]),
        ])
        #expect(MIDIWriter.bytes(for: file) == hexDump("""
            4D 54 68 64 00 00 00 06   // MThd, length 6
            00 00 00 01 01 E0         // format 0, 1 track, 480 PPQ
            4D 54 72 6B 00 00 00 0D   // MTrk, 13 bytes
            00 90 3C 64               // 0: note-on C4 vel 100
            83 60 90 3C 00            // 480: note-on C4 vel 0, status written again (no running status)
            00 FF 2F 00               // 480: end of track
            """))
    }

    @Test func encodesVariableLengthQuantitiesAtTheirBoundaries() throws {
        let cases: [(Int, [UInt8])] = [
            (0, [0x00]), (0x7F, [0x7F]), (0x80, [0x81, 0x00]), (0x3FFF, [0xFF, 0x7F]),
            (0x4000, [0x81, 0x80, 0x00]), (0x1F_FFFF, [0xFF, 0xFF, 0x7F]), (0x20_0000, [0x81, 0x80, 0x80, 0x00]),
            (0x0FFF_FFFF, [0xFF, 0xFF, 0xFF, 0x7F]),
        ]
        for (value, expected) in cases {
            var out: [UInt8] = []
            MIDIWriter.appendVariableLengthQuantity(value, to: &out)
            #expect(out == expected, "\(value)")
            var cursor = MIDIByteCursor(bytes: out, source: "vlq")
            #expect(try cursor.readVariableLengthQuantity("a test value") == value)
        }
    }

    @Test func roundTripsFixturesWrittenByOtherPrograms() throws {
        for name in MIDIFixture.prettyMIDINoteCounts.keys.sorted() {
            let original = try MIDIFixture.read(name).file
            let reread = try MIDIReader.read(bytes: MIDIWriter.bytes(for: original), source: name)
            #expect(reread.file == original, "\(name)")
            #expect(reread.warnings.filter { !$0.contains("format 2") }.isEmpty, "\(name)")
        }
    }

    @Test func roundTripsEveryKindOfMessageInEveryFormatAndDivision() throws {
        let events: [MIDIEvent] = [
            MIDIEvent(tick: 0, .meta(type: MIDIMetaType.trackName, data: Array("Every message".utf8))),
            MIDIEvent(tick: 0, .sysex([0x41, 0x10, 0x42, 0xF7])),
            MIDIEvent(tick: 0, .escape([0xF3, 0x01])),
            MIDIEvent(tick: 1, .programChange(channel: 15, program: 127)),
            MIDIEvent(tick: 2, .controlChange(channel: 3, controller: 7, value: 0)),
            MIDIEvent(tick: 3, .polyPressure(channel: 4, key: 1, pressure: 2)),
            MIDIEvent(tick: 3, .channelPressure(channel: 5, pressure: 127)),
            MIDIEvent(tick: 200, .pitchBend(channel: 6, value: 0)),
            MIDIEvent(tick: 200, .pitchBend(channel: 6, value: 16383)),
            MIDIEvent(tick: 70_000, .noteOn(channel: 9, key: 36, velocity: 1)),
            MIDIEvent(tick: 70_000, .noteOff(channel: 9, key: 36, velocity: 127)),
            MIDIEvent(tick: 0x0FFF_FFFF, .meta(type: 0x7F, data: [UInt8](repeating: 0x55, count: 300))),
            MIDIEvent(tick: 0x0FFF_FFFF, .endOfTrack),
        ]
        let divisions: [MIDIFile.Division] = [
            .ticksPerQuarter(1), .ticksPerQuarter(0x7FFF), .smpte(framesPerSecond: 24, ticksPerFrame: 4),
            .smpte(framesPerSecond: 29, ticksPerFrame: 255), .smpte(framesPerSecond: 30, ticksPerFrame: 80),
        ]
        for format in 0...2 {
            for division in divisions {
                let file = MIDIFile(format: format, division: division, tracks: [MIDITrack(events: events), MIDITrack(events: [MIDIEvent(tick: 0, .endOfTrack)])])
                #expect(try MIDIReader.read(bytes: MIDIWriter.bytes(for: file), source: "all.mid").file == file)
            }
        }
    }

    @Test func endsEveryTrackWithOneEndOfTrackAndWritesEventsInTickOrder() throws {
        let file = MIDIFile(format: 1, division: .ticksPerQuarter(96), tracks: [
            MIDITrack(events: [
                MIDIEvent(tick: 96, .noteOff(channel: 0, key: 60, velocity: 0)),
                MIDIEvent(tick: 10, .endOfTrack),
                MIDIEvent(tick: 0, .noteOn(channel: 0, key: 60, velocity: 90)),
                MIDIEvent(tick: 96, .noteOn(channel: 0, key: 62, velocity: 90)),
            ]),
            MIDITrack(),
        ])
        let reread = try MIDIReader.read(bytes: MIDIWriter.bytes(for: file), source: "fixed.mid")
        #expect(reread.warnings.isEmpty)
        #expect(reread.file.tracks[0].events == [
            MIDIEvent(tick: 0, .noteOn(channel: 0, key: 60, velocity: 90)),
            MIDIEvent(tick: 96, .noteOff(channel: 0, key: 60, velocity: 0)),
            MIDIEvent(tick: 96, .noteOn(channel: 0, key: 62, velocity: 90)),
            MIDIEvent(tick: 96, .endOfTrack),
        ])
        #expect(reread.file.tracks[1].events == [MIDIEvent(tick: 0, .endOfTrack)])
    }

    @Test func bridgesGapsLongerThanOneDeltaTimeWithEmptyTextEvents() throws {
        let far = 0x0FFF_FFFF + 10
        let file = MIDIFile(format: 0, division: .ticksPerQuarter(96), tracks: [
            MIDITrack(events: [MIDIEvent(tick: far, .noteOn(channel: 0, key: 60, velocity: 90)), MIDIEvent(tick: far, .endOfTrack)]),
        ])
        let events = try MIDIReader.read(bytes: MIDIWriter.bytes(for: file), source: "far.mid").file.tracks[0].events
        #expect(events == [
            MIDIEvent(tick: 0x0FFF_FFFF, .meta(type: MIDIMetaType.text, data: [])),
            MIDIEvent(tick: far, .noteOn(channel: 0, key: 60, velocity: 90)),
            MIDIEvent(tick: far, .endOfTrack),
        ])
    }

    @Test func writesAtomicallyAndReadsBack() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("take.mid")
        let first = try MIDIFixture.read("music21-bwv66.6").file
        let second = try MIDIFixture.read("pretty-midi-drums").file
        try MIDIWriter.write(first, to: url)
        try MIDIWriter.write(second, to: url)
        #expect(try MIDIReader.read(contentsOf: url).file == second)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["take.mid"])
    }
}
