import NeuraMetrics
import NeuraMusic
import Testing

/// The notes as MusPy's `read_midi` builds them, on the fixture written to hold its rules.
@Suite struct TickScoreTests {
    let quirks: TickScore

    init() throws {
        quirks = try MetricsFixtures.ticks(MetricsFixtures.ownMIDI("mido-metrics-quirks.mid"))
    }

    private func track(_ source: Int, channel: Int, program: Int) throws -> TickTrack {
        try #require(quirks.tracks.first { $0.sourceTrack == source && $0.channel == channel && $0.program == program })
    }

    @Test func overlappingNotesOfOnePitchPairFirstInFirstOut() throws {
        let piano = try track(1, channel: 0, program: 0)
        let cs = piano.notes.filter { $0.pitch == 60 }
        #expect(cs.map(\.start) == [0, 240])
        #expect(cs.map(\.end) == [480, 720])
    }

    @Test func aNoteEndingOnItsOwnTickIsKept() throws {
        let piano = try track(1, channel: 0, program: 0)
        #expect(piano.notes.contains(TickNote(pitch: 64, start: 960, end: 960, velocity: 80)))
    }

    @Test func aNoteGoesToTheProgramInForceWhenItEnds() throws {
        // G4 starts under program 0 and ends after the change to 40.
        let strings = try track(1, channel: 0, program: 40)
        #expect(strings.notes.first == TickNote(pitch: 67, start: 960, end: 1200, velocity: 80))
        #expect(try track(1, channel: 0, program: 0).notes.map(\.pitch) == [60, 60, 62, 64])
    }

    @Test func aNoteThatNeverEndsEndsAtItsTracksEnd() throws {
        let strings = try track(1, channel: 0, program: 40)
        #expect(strings.notes.last == TickNote(pitch: 65, start: 2400, end: 3600, velocity: 80))
    }

    @Test func controlChangesOpenTracksAndCountTowardsTheLength() throws {
        let controllers = try track(3, channel: 2, program: 0)
        #expect(controllers.notes.isEmpty)
        #expect(controllers.controlChangeTicks == [0, 2000])
        #expect(controllers.endTick == 2000)
        #expect(try track(1, channel: 0, program: 40).controlChangeTicks == [3500])
        #expect(quirks.length == 3600)
        #expect(quirks.tracks.count == 4)
    }

    @Test func drumsAreChannelTen() throws {
        let drums = try track(2, channel: 9, program: 0)
        #expect(drums.isDrum)
        #expect(drums.notes.count == 6)
        #expect(quirks.drumNotes.count == 6)
        #expect(quirks.pitchedNotes.count == 11)
    }

    @Test func theBarComesFromTheEarliestTimeSignature() {
        #expect(quirks.timeSignatures.map(\.value) == [TimeSignature(3, 4), TimeSignature(4, 4)])
        #expect(quirks.meter == TimeSignature(3, 4))
        #expect(quirks.measureTicks == 1440)
        #expect(quirks.keySignature == KeySignature(sharps: -2))
    }

    @Test func aFileWithoutNotesOrControlChangesHasNoTracksAndNoLength() throws {
        let empty = try MetricsFixtures.ticks(MetricsFixtures.ownMIDI("mido-no-notes.mid"))
        #expect(empty.tracks.isEmpty)
        #expect(empty.length == nil)
        #expect(empty.measureTicks == 1920)
    }

    @Test func smpteTimeHasNoBeats() {
        let midi = MIDIFile(
            format: 0, division: .smpte(framesPerSecond: 25, ticksPerFrame: 40),
            tracks: [MIDITrack(events: [
                MIDIEvent(tick: 0, .noteOn(channel: 0, key: 60, velocity: 90)),
                MIDIEvent(tick: 100, .noteOff(channel: 0, key: 60, velocity: 0)),
                MIDIEvent(tick: 100, .endOfTrack),
            ])])
        let ticks = TickScore(midi: midi)
        #expect(ticks.ticksPerQuarter == nil)
        #expect(ticks.measureTicks == nil)
        let metrics = MusPyMetrics(ticks)
        #expect(metrics.nPitchesUsed == 1)
        #expect(metrics.polyphony == 1)
        #expect(metrics.emptyBeatRate == nil)
        #expect(metrics.grooveConsistency == nil)
    }
}
