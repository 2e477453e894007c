import NeuraMetrics
import NeuraMusic
import Testing

/// MusPy 0.5.0's quirks, each on a file made to show it (the README lists them).
@Suite struct MusPyQuirkTests {
    /// One track, 480 ticks per quarter, `notes` as (key, start, end) on channel 0, and control
    /// changes at `controlChanges`.
    static func metrics(_ notes: [(UInt8, Int, Int)], controlChanges: [Int] = [], channel: UInt8 = 0) -> MusPyMetrics {
        var events: [MIDIEvent] = []
        for (key, start, end) in notes {
            events.append(MIDIEvent(tick: start, .noteOn(channel: channel, key: key, velocity: 90)))
            events.append(MIDIEvent(tick: end, .noteOff(channel: channel, key: key, velocity: 0)))
        }
        for tick in controlChanges { events.append(MIDIEvent(tick: tick, .controlChange(channel: channel, controller: 64, value: 0))) }
        // Stable by tick: a note-off at the tick of its own note-on stays after it.
        events = events.enumerated().sorted { ($0.element.tick, $0.offset) < ($1.element.tick, $1.offset) }.map(\.element)
        events.append(MIDIEvent(tick: events.last?.tick ?? 0, .endOfTrack))
        return MusPyMetrics(TickScore(midi: MIDIFile(format: 0, division: .ticksPerQuarter(480), tracks: [MIDITrack(events: events)])))
    }

    @Test func aNoteOccupiesTheBeatItEndsOn() {
        // One quarter note and a control change three beats later: five beats counted (0…4),
        // two occupied (the note's beat and the downbeat it ends on).
        let metrics = Self.metrics([(60, 0, 480)], controlChanges: [1920])
        #expect(metrics.emptyBeatRate == 1 - 2.0 / 5)
    }

    @Test func polyphonyRateCountsTicksWithMoreThanTwoPitches() {
        let metrics = Self.metrics([(60, 0, 480), (64, 0, 480), (67, 0, 480), (60, 480, 960), (64, 480, 960)])
        #expect(metrics.polyphonyRate == 0.5)
        #expect(metrics.polyphony == 2.5)
    }

    @Test func zeroLengthNotesCountAsPitchesButDoNotSound() {
        let metrics = Self.metrics([(60, 0, 480), (62, 480, 480)])
        #expect(metrics.nPitchesUsed == 2)
        #expect(metrics.pitchEntropy == 1)
        #expect(metrics.polyphony == 1)
    }

    @Test func controlChangesLengthenThePianoRoll() {
        // 480 ticks of a note in a piece 960 ticks long: half the rows are empty, so a
        // three-note chord fills only half of them.
        let metrics = Self.metrics([(60, 0, 480), (64, 0, 480), (67, 0, 480)], controlChanges: [960])
        #expect(metrics.polyphonyRate == 0.5)
        #expect(metrics.polyphony == 3)
    }

    @Test func drumsAloneGiveAPitchRangeOfMinus127() throws {
        let drums = MusPyMetrics(try MetricsFixtures.ticks(MetricsFixtures.ownMIDI("mido-drums-only.mid")))
        #expect(drums.pitchRange == -127)
        #expect(drums.nPitchesUsed == 0)
        #expect(drums.scaleConsistency == nil)
        #expect(drums.drumPatternConsistency == 1)
    }

    @Test func noNotesGiveZerosAndNothingElse() throws {
        let empty = MusPyMetrics(try MetricsFixtures.ticks(MetricsFixtures.ownMIDI("mido-no-notes.mid")))
        #expect(empty.pitchRange == 0)
        #expect(empty.nPitchesUsed == 0)
        #expect(empty.polyphony == nil)
        #expect(empty.polyphonyRate == nil)
        #expect(empty.emptyBeatRate == nil)
        #expect(empty.grooveConsistency == nil)
        #expect(empty.pitchEntropy == nil)
    }

    @Test func grooveConsistencyComparesNeighbouringBarsTickByTick() {
        // Bars of 1920 ticks: onsets at 0 and 480 in bar 0, at 0 in bar 1. One slot differs
        // out of 1920 between the only pair of bars.
        let metrics = Self.metrics([(60, 0, 480), (62, 480, 960), (64, 1920, 2400)])
        #expect(metrics.grooveConsistency == 1 - 1.0 / 1920)
    }

    @Test func drumsOffTheBeatsHalvesAndQuartersAreOutOfTheDuplePattern() {
        // 480 ticks per quarter: 0, 120 and 240 are duple positions; 160 is a triple one.
        let metrics = Self.metrics([(36, 0, 60), (42, 120, 180), (42, 160, 200), (38, 240, 300)], channel: 9)
        #expect(metrics.drumInPatternRateDuple == 0.75)
        #expect(metrics.drumInPatternRateTriple == 0.5)
        #expect(metrics.drumPatternConsistency == 0.75)
    }
}
