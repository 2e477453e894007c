import Foundation
import Testing
@testable import NeuraMusic

/// Files at the sizes the resource bounds promise: every note and track is read, and the
/// quantiser keeps them all. How fast this runs is measured with the release binary's `info`
/// (see the README), never here.
@Suite struct MIDILargeFileTests {
    @Test func aFileWithAThousandTracksReadsEveryTrack() throws {
        let tracks = (0..<1_000).map { index in
            let key = UInt8(36 + index % 48)
            return [MIDIBuilding.on(index, key), MIDIBuilding.off(index + 120, key), MIDIBuilding.end(index + 120)]
        }
        let file = MIDIFile(
            format: 1, division: .ticksPerQuarter(480),
            tracks: [MIDITrack(events: [MIDIBuilding.end(0)])] + tracks.map { MIDITrack(events: $0) })
        let read = try MIDIReader.read(bytes: MIDIWriter.bytes(for: file), source: "tracks.mid")
        #expect(read.file.tracks.count == 1_001)
        let info = MIDIInfo(reading: read, source: "tracks.mid")
        #expect(info.noteCount == 1_000)
        let score = try Quantizer.score(from: read.file, source: "tracks.mid").score
        #expect(score.notes.count + score.drums.count <= 1_000 && !score.notes.isEmpty)
    }

    @Test func aFileWithAHundredThousandNotesReadsEveryNote() throws {
        var events: [MIDIEvent] = []
        events.reserveCapacity(200_001)
        for index in 0..<100_000 {
            let key = UInt8(40 + index % 40)
            events.append(MIDIBuilding.on(index * 120, key))
            events.append(MIDIBuilding.off(index * 120 + 120, key))
        }
        events.append(MIDIBuilding.end(100_000 * 120))
        let bytes = MIDIWriter.bytes(for: MIDIBuilding.file(events))
        let read = try MIDIReader.read(bytes: bytes, source: "notes.mid")
        #expect(MIDIInfo(reading: read, source: "notes.mid").noteCount == 100_000)
        // A sixteenth note at 480 PPQ is 120 ticks: each note is one grid step, none merge.
        let score = try Quantizer.score(from: read.file, source: "notes.mid").score
        #expect(score.notes.count == 100_000)
        #expect(score.notes.last == Note(pitch: 40 + 99_999 % 40, start: 99_999, length: 1, velocity: 100))
    }
}
