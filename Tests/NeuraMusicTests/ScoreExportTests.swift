import Testing
@testable import NeuraMusic

@Suite struct ScoreExportTests {
    let seed = Score(
        stepsPerQuarter: 4, tempo: 100, timeSignature: TimeSignature(3, 4), keySignature: KeySignature(sharps: 2),
        notes: [Note(pitch: 60, start: 0, length: 4, velocity: 80), Note(pitch: 67, start: 4, length: 2, velocity: 70, part: 1)],
        drums: [Note(pitch: 36, start: 0, length: 1, velocity: 110)], length: 12)

    @Test func formatOneWithConductorSeedGeneratedAndDrumTracks() throws {
        let generated = [Note(pitch: 72, start: 8, length: 4)]
        let options = ExportOptions(generatedProgram: 40, takeInfo: ["temperature": "0.9", "model": "chorales"])
        let midi = MIDIFile(score: seed, generated: generated, options: options)
        #expect(midi.format == 1)
        #expect(midi.division == .ticksPerQuarter(480))
        #expect(midi.tracks.count == 4)
        let conductor = midi.tracks[0].events.map(\.message)
        #expect(conductor.contains(.text(0x03, "NeuraScore")))
        #expect(conductor.contains(.tempo(bpm: 100)))
        #expect(conductor.contains(.meta(type: 0x58, data: [3, 2, 24, 8])))
        #expect(conductor.contains(.meta(type: 0x59, data: [2, 0])))
        #expect(conductor.contains(.text(0x01, "model=chorales; temperature=0.9")))
        #expect(midi.tracks.map { $0.events.first?.message.trackName } == ["NeuraScore", "Seed", "NeuraScore", "Drums"])
        #expect(midi.tracks[1].events.contains { $0.message == .programChange(channel: 0, program: 0) })
        #expect(midi.tracks[1].events.contains { $0.message == .programChange(channel: 1, program: 0) })
        #expect(midi.tracks[2].events.contains { $0.message == .programChange(channel: 0, program: 40) })
        #expect(midi.tracks[3].events.contains { $0.message == .noteOn(channel: 9, key: 36, velocity: 110) })
        // Every track ends together, at the end of the score (12 sixteenths = 1440 ticks).
        #expect(midi.tracks.allSatisfy { $0.events.last == MIDIEvent(tick: 1440, .meta(type: 0x2F, data: [])) })
    }

    @Test func sameKeyOverlapsEndBeforeTheNextStartsAtThatTick() {
        let score = Score(notes: [Note(pitch: 60, start: 0, length: 8), Note(pitch: 60, start: 4, length: 4), Note(pitch: 62, start: 4, length: 1)])
        let events = MIDIFile(score: score).tracks[1].events.filter { $0.tick == 480 }.map(\.message)
        #expect(events == [
            .noteOff(channel: 0, key: 60, velocity: 0), .noteOn(channel: 0, key: 60, velocity: 90),
            .noteOn(channel: 0, key: 62, velocity: 90),
        ])
    }

    @Test func exportThenQuantizeGivesTheScoreBack() throws {
        let (back, report) = try Quantizer.score(from: MIDIFile(score: seed), source: "round.mid")
        #expect(back == seed)
        #expect(report.total(.drumsSetAside) == 1)
        #expect(report.entries.allSatisfy { $0.kind == .drumsSetAside || $0.kind == .channelEventsIgnored })
    }

    @Test func gridsThatDoNotDivide480StillRoundTrip() throws {
        let score = Score(stepsPerQuarter: 7, notes: [Note(pitch: 50, start: 3, length: 5), Note(pitch: 55, start: 11, length: 1)], length: 20)
        let (back, _) = try Quantizer.score(from: MIDIFile(score: score), stepsPerQuarter: 7, source: "seven.mid")
        #expect(back == score)
    }
}
