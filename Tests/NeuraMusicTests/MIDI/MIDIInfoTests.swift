import Foundation
import Testing
@testable import NeuraMusic

@Suite struct MIDIInfoTests {
    private func track(_ events: [MIDIEvent]) -> MIDITrack { MIDITrack(events: events) }
    private func on(_ tick: Int, _ key: UInt8, channel: UInt8 = 0) -> MIDIEvent {
        MIDIEvent(tick: tick, .noteOn(channel: channel, key: key, velocity: 90))
    }
    private func off(_ tick: Int, _ key: UInt8, channel: UInt8 = 0) -> MIDIEvent {
        MIDIEvent(tick: tick, .noteOn(channel: channel, key: key, velocity: 0))
    }
    private func end(_ tick: Int) -> MIDIEvent { MIDIEvent(tick: tick, .endOfTrack) }

    @Test func noteCountsOfFixturesMatchPrettyMIDI() throws {
        for (name, expected) in MIDIFixture.prettyMIDINoteCounts {
            let info = MIDIInfo(reading: try MIDIFixture.read(name), source: name)
            #expect(info.noteCount == expected.notes, "\(name)")
            #expect(info.drumNoteCount == expected.drums, "\(name)")
        }
    }

    @Test func aNoteOffEndsEverySoundingNoteOfItsKeyLikePrettyMIDI() {
        // Two overlapping C4s and one note-off: both end there; the second note-off is stray.
        let pairing = MIDINotes.pair(track([on(0, 60), on(10, 60), off(20, 60), off(30, 60), end(40)]), trackIndex: 0)
        #expect(pairing.notes.map { [$0.startTick, $0.endTick] } == [[0, 20], [10, 20]])
        #expect(pairing.strayNoteOffCount == 1)
        #expect(pairing.closedAtEndOfTrackCount == 0)
    }

    @Test func aNoteOnAtTheNoteOffsTickKeepsSoundingWhenAnEarlierNoteEnds() {
        // Sequencers that sort a tick's note-on first mean the note-off for the earlier note.
        let pairing = MIDINotes.pair(track([on(0, 62), on(10, 62), off(10, 62), off(20, 62), end(20)]), trackIndex: 3)
        #expect(pairing.notes.map { [$0.startTick, $0.endTick] } == [[0, 10], [10, 20]])
        #expect(pairing.notes.allSatisfy { $0.track == 3 })
        #expect(pairing.zeroLengthNoteCount == 0)
    }

    @Test func zeroLengthNotesAreCountedApartAndUnclosedNotesEndWithTheTrack() {
        let pairing = MIDINotes.pair(track([
            on(0, 64), off(0, 64),     // zero length: never sounds
            on(5, 65),                 // no note-off: ended at the track's end
            on(8, 66), end(8),         // starts at the track's end: zero length
        ]), trackIndex: 0)
        #expect(pairing.zeroLengthNoteCount == 2)
        #expect(pairing.notes.count == 1)
        #expect(pairing.notes.first?.endTick == 8)
        #expect(pairing.notes.first?.closedAtEndOfTrack == true)
    }

    @Test func notesCarryTheProgramAndChannelTheyBeganWith() {
        let pairing = MIDINotes.pair(track([
            MIDIEvent(tick: 0, .programChange(channel: 2, program: 40)),
            on(0, 60, channel: 2),
            MIDIEvent(tick: 5, .programChange(channel: 2, program: 41)),
            MIDIEvent(tick: 10, .noteOff(channel: 2, key: 60, velocity: 64)),
            on(10, 38, channel: 9), off(11, 38, channel: 9), end(12),
        ]), trackIndex: 0)
        #expect(pairing.notes.map(\.program) == [40, 0])
        #expect(pairing.notes.map(\.isDrum) == [false, true])
    }

    @Test func durationFollowsTheTempoMap() {
        // 480 PPQ: 2 beats at 120 BPM (1 s), then 2 beats at 60 BPM (2 s).
        let file = MIDIFile(format: 1, division: .ticksPerQuarter(480), tracks: [
            track([MIDIEvent(tick: 0, .meta(type: MIDIMetaType.tempo, data: [0x07, 0xA1, 0x20])),
                   MIDIEvent(tick: 960, .meta(type: MIDIMetaType.tempo, data: [0x0F, 0x42, 0x40])), end(960)]),
            track([on(0, 60), off(1440, 60), end(1920)]),
        ])
        let info = MIDIInfo(file: file, source: "tempo.mid")
        #expect(info.durationTicks == 1920)
        #expect(info.durationBeats == 4)
        #expect(abs(info.durationSeconds - 3.0) < 1e-12)
        #expect(info.tempos.map(\.beatsPerMinute) == [120, 60])
        #expect(info.tempos.map(\.at.seconds) == [0, 1])
        #expect(info.tempos.map(\.at.beats) == [0, 2])
    }

    @Test func formatTwoTracksPlayOneAfterAnother() throws {
        let info = MIDIInfo(reading: try MIDIFixture.read("mido-format2"), source: "f2")
        // 3 beats at 100 BPM (1.8 s), then 2 beats at 200 BPM (0.6 s).
        #expect(abs(info.durationSeconds - 2.4) < 1e-12)
        #expect(info.durationBeats == 5)
        #expect(info.tempos.map(\.at.track) == [0, 1])
        #expect(info.tempos.map(\.at.tick) == [0, 0])
        #expect(abs(info.tempos[1].at.seconds - 1.8) < 1e-12)
    }

    @Test func smpteFilesCountRealTimeAndHaveNoBeats() throws {
        let file = MIDIFile(format: 0, division: .smpte(framesPerSecond: 25, ticksPerFrame: 40), tracks: [
            track([MIDIEvent(tick: 0, .meta(type: MIDIMetaType.tempo, data: [0x0F, 0x42, 0x40])), on(0, 60), off(500, 60), end(1500)]),
        ])
        let info = MIDIInfo(file: file, source: "smpte.mid")
        #expect(info.ticksPerQuarter == nil)
        #expect(info.durationBeats == nil)
        #expect(abs(info.durationSeconds - 1.5) < 1e-12)
        #expect(info.tempos.first?.at.beats == nil)
        let json = try #require(JSONSerialization.jsonObject(with: Data(info.jsonString().utf8)) as? [String: Any])
        #expect(json["ticksPerQuarter"] is NSNull)
        #expect(json["durationBeats"] is NSNull)
    }

    @Test func mapsAndTracksOfAFixture() throws {
        let info = MIDIInfo(reading: try MIDIFixture.read("mido-format0"), source: "mido-format0.mid")
        #expect(info.format == 0)
        #expect(info.trackCount == 1)
        #expect(info.ticksPerQuarter == 96)
        #expect(info.noteCount == 6)
        #expect(info.strayNoteOffCount == 1)
        #expect(info.timeSignatures.map { "\($0.numerator)/\($0.denominator)" } == ["3/4"])
        #expect(info.keySignatures.map(\.name) == ["D major"])
        #expect(info.keySignatures.map(\.sharps) == [2])
        #expect(info.tempos.map(\.microsecondsPerQuarter) == [500_000, 400_000])
        #expect(info.pitchRange == MIDIInfo.PitchRange(lowest: 60, highest: 67, lowestName: "C4", highestName: "G4"))
        #expect(info.tracks.first?.name == "mido format 0")
        #expect(info.tracks.first?.channels == [
            MIDIInfo.Channel(channel: 1, noteCount: 5, programs: [40], isDrum: false),
            MIDIInfo.Channel(channel: 10, noteCount: 1, programs: [0], isDrum: true),
        ])
        // 4.5 beats at 120 BPM, then 2 beats at 150 BPM.
        #expect(abs(info.durationSeconds - (2.25 + 0.8)) < 1e-12)
    }

    @Test func noteOnsNeverEndedAreCountedApart() {
        // music21 writes a grace note's note-off before its note-on: that note-on never ends.
        let file = MIDIFile(format: 0, division: .ticksPerQuarter(96), tracks: [
            track([on(0, 60), off(96, 60), off(96, 77), on(96, 77), end(960)]),
        ])
        let info = MIDIInfo(file: file, source: "grace.mid")
        #expect(info.noteCount == 1)
        #expect(info.closedAtEndOfTrackCount == 1)
        #expect(info.strayNoteOffCount == 1)
        #expect(info.pitchRange?.highest == 60)
        #expect(info.tracks.first?.channels.first?.noteCount == 1)
        #expect(info.textReport.contains("  note pairing: 1 note-on never ended by a note-off, not counted; 1 note-off with no sounding note"))
    }

    @Test func malformedMetaEventsAreReportedNotMisread() {
        let file = MIDIFile(format: 0, division: .ticksPerQuarter(96), tracks: [
            track([MIDIEvent(tick: 0, .meta(type: MIDIMetaType.timeSignature, data: [4, 2])),
                   MIDIEvent(tick: 0, .meta(type: MIDIMetaType.keySignature, data: [9, 0])),
                   MIDIEvent(tick: 0, .meta(type: MIDIMetaType.tempo, data: [0, 0, 0])), end(96)]),
        ])
        let info = MIDIInfo(file: file, source: "odd.mid")
        #expect(info.timeSignatures.isEmpty && info.keySignatures.isEmpty && info.tempos.isEmpty)
        #expect(info.warnings.count == 3)
        #expect(info.warnings.allSatisfy { $0.hasPrefix("odd.mid: track 0 tick 0: ") })
        #expect(abs(info.durationSeconds - 0.5) < 1e-12)
    }

    @Test func jsonHasTheDocumentedKeysAndDecodesBack() throws {
        let info = MIDIInfo(reading: try MIDIFixture.read("pretty-midi-drums"), source: "drums.mid")
        let text = info.jsonString()
        let object = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        for key in ["format", "trackCount", "ticksPerQuarter", "noteCount", "drumNoteCount", "durationSeconds",
                    "tracks", "tempos", "timeSignatures", "keySignatures"] {
            #expect(object[key] != nil, "\(key)")
        }
        #expect(object["noteCount"] as? Int == 16)
        // The keys scripts rely on stay exactly as they were; parts are one key more.
        #expect(Set(object.keys) == [
            "source", "format", "trackCount", "ticksPerQuarter", "smpte", "noteCount", "drumNoteCount",
            "closedAtEndOfTrackCount", "zeroLengthNoteCount", "strayNoteOffCount", "durationTicks", "durationSeconds",
            "durationBeats", "pitchRange", "tracks", "parts", "tempos", "timeSignatures", "keySignatures", "warnings",
        ])
        let tracks = try #require(object["tracks"] as? [[String: Any]])
        #expect(tracks.allSatisfy { Set($0.keys) == ["index", "name", "eventCount", "endTick", "noteCount", "drumNoteCount", "channels"] })
        let parts = try #require(object["parts"] as? [[String: Any]])
        #expect(parts.count == 2)
        #expect(Set(parts[0].keys) == ["index", "name", "program", "programName", "channel", "isDrum", "noteCount", "pitchRange", "sources"])
        #expect(parts.map { $0["name"] as? String } == ["Piano", "Drums"])
        #expect(parts.map { $0["channel"] as? Int } == [1, 10])
        #expect(parts.map { $0["isDrum"] as? Bool } == [false, true])
        #expect(parts.map { $0["noteCount"] as? Int } == [8, 8])
        #expect((parts[0]["pitchRange"] as? [String: Any])?["lowestName"] as? String == "C3")
        #expect(parts[1]["pitchRange"] is NSNull)
        #expect((parts[1]["sources"] as? [[String: Int]]) == [["track": 2, "channel": 10]])
        #expect(try JSONDecoder().decode(MIDIInfo.self, from: Data(text.utf8)) == info)
        #expect(text == info.jsonString())
    }

    @Test func textReportNamesTheMapsTracksAndDuration() throws {
        let report = MIDIInfo(reading: try MIDIFixture.read("mido-format0"), source: "mido-format0.mid").textReport
        let expectedLines = [
            "mido-format0.mid",
            "  format 0, 1 track, 96 ticks per quarter",
            "  duration: 6.50 beats, 3.050 s (0:03.0)",
            "  notes: 6 (1 drum), pitch range C4–G4 (60–67)",
            "    tick 432 (beat 4.50, 2.250 s)  150.00 BPM (400000 µs per quarter)",
            "    tick 0 (beat 0.00, 0.000 s)  3/4",
            "    tick 0 (beat 0.00, 0.000 s)  D major (2 sharps)",
            "    0 \"mido format 0\": 6 notes, 22 events, ends at tick 624",
            "      channel 10: 1 note (drums)",
            "  parts:",
            "    1 \"Violin\" (track 0 channel 1): program 40 (Violin), 5 notes, C4–G4 (60–67)",
            "    2 \"Drums\" (track 0 channel 10): drums, 1 note",
        ]
        let lines = report.split(separator: "\n").map(String.init)
        for line in expectedLines {
            #expect(lines.contains(line), "\(line)")
        }
    }
}
