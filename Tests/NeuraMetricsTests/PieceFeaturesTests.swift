import NeuraMetrics
import NeuraMusic
import Testing

@Suite struct PieceFeaturesTests {
    /// Tracks of (key, start, end) notes on channel 0 (track index = part), 480 ticks per quarter.
    static func features(_ tracks: [[(UInt8, Int, Int)]]) -> PieceFeatures {
        let midiTracks = tracks.map { notes in
            var events = notes.flatMap { key, start, end in
                [MIDIEvent(tick: start, .noteOn(channel: 0, key: key, velocity: 90)),
                 MIDIEvent(tick: end, .noteOff(channel: 0, key: key, velocity: 0))]
            }
            events = events.enumerated().sorted { ($0.element.tick, $0.offset) < ($1.element.tick, $1.offset) }.map(\.element)
            return MIDITrack(events: events + [MIDIEvent(tick: events.last?.tick ?? 0, .endOfTrack)])
        }
        return PieceFeatures(TickScore(midi: MIDIFile(format: 1, division: .ticksPerQuarter(480), tracks: midiTracks)))
    }

    @Test func noteLengthsGoToTheNearestClassOfAWholeNote() {
        #expect(NoteLengthClass.nearest(toTicks: 480, ticksPerQuarter: 480) == .quarter)
        #expect(NoteLengthClass.nearest(toTicks: 720, ticksPerQuarter: 480) == .dottedQuarter)
        #expect(NoteLengthClass.nearest(toTicks: 160, ticksPerQuarter: 480) == .eighthTriplet)
        #expect(NoteLengthClass.nearest(toTicks: 100, ticksPerQuarter: 480) == .sixteenth)
        #expect(NoteLengthClass.nearest(toTicks: 9000, ticksPerQuarter: 480) == .whole)
        // Halfway between a whole (1920 ticks) and a dotted half (1440): the first listed wins.
        #expect(NoteLengthClass.nearest(toTicks: 1680, ticksPerQuarter: 480) == .whole)
    }

    @Test func melodicFiguresRunWithinEachTrack() throws {
        let features = Self.features([
            [(60, 0, 480), (64, 480, 960), (62, 960, 1920)],
            [(48, 0, 1920)],
        ])
        #expect(features.noteCount == 4)
        #expect(features.pitchCount == 4)
        #expect(features.pitchRange == 16)
        // 60→64→62 in the top track; the bass holds one note.
        #expect(features.averagePitchInterval == 3)
        // Distinct onsets 0, 480, 960.
        #expect(features.averageInterOnsetInterval == 1)
        let histogram = try #require(features.noteLengthHistogram)
        #expect(histogram[NoteLengthClass.quarter.rawValue] == 0.5)
        #expect(histogram[NoteLengthClass.half.rawValue] == 0.25)
        #expect(histogram[NoteLengthClass.whole.rawValue] == 0.25)
        #expect(features.noteLengthTransitionMatrix[NoteLengthClass.quarter.rawValue][NoteLengthClass.quarter.rawValue] == 1)
        #expect(features.noteLengthTransitionMatrix[NoteLengthClass.quarter.rawValue][NoteLengthClass.half.rawValue] == 1)
        #expect(features.noteLengthTransitionMatrix.joined().reduce(0, +) == 2)
    }

    @Test func pitchClassesWeighByTheirSoundingTime() throws {
        let features = Self.features([[(60, 0, 1440), (67, 1440, 1920)]])
        let histogram = try #require(features.pitchClassHistogram)
        #expect(histogram[0] == 0.75)
        #expect(histogram[7] == 0.25)
    }

    @Test func aPitchClassTransitionNeedsTheNextNoteWithinATenthOfAQuarter() {
        // C ends at 480; E starts there (a transition). E ends at 960; G starts 40 ticks later
        // (within 48: a transition); A starts 100 ticks after G ends (none).
        let features = Self.features([[(60, 0, 480), (64, 480, 960), (67, 1000, 1400), (69, 1500, 1900)]])
        let matrix = features.pitchClassTransitionMatrix
        #expect(matrix[0][4] == 1)
        #expect(matrix[4][7] == 1)
        #expect(matrix[7][9] == 0)
        #expect(matrix.joined().reduce(0, +) == 2)
    }

    @Test func aPieceWithoutPitchedNotesDefinesOnlyItsCounts() {
        let features = Self.features([])
        #expect(features.pitchCount == 0)
        #expect(features.pitchRange == nil)
        #expect(features.pitchClassHistogram == nil)
        #expect(features.noteLengthHistogram == nil)
        #expect(Feature.pitchCount.vector(of: features) == [0])
        #expect(Feature.pitchClassHistogram.vector(of: features) == nil)
        #expect(Feature.pitchClassTransitionMatrix.vector(of: features)?.count == 144)
    }
}
