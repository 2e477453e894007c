import NeuraMusic
import Testing
@testable import NeuraAudio

@Suite struct AudioScheduleTests {
    @Test func followsTheTempoMapAcrossTracks() {
        let schedule = AudioSchedule(file: AudioFixtures.twoNotes())
        #expect(schedule.duration == 3.0)
        #expect(schedule.noteCount == 2)
        #expect(schedule.events.map(\.seconds) == [0, 0, 0.5, 2.0, 3.0])
        #expect(schedule.events[3].message == .noteOn(channel: 0, key: 72, velocity: 100))
    }

    @Test func formatTwoPlaysItsTracksOneAfterAnother() {
        let track = MIDITrack(events: [
            MIDIEvent(tick: 0, .noteOn(channel: 0, key: 60, velocity: 90)),
            MIDIEvent(tick: 960, .noteOff(channel: 0, key: 60, velocity: 0)),
        ])
        let schedule = AudioSchedule(file: MIDIFile(format: 2, division: .ticksPerQuarter(480), tracks: [track, track]))
        #expect(schedule.events.map(\.seconds) == [0, 1, 1, 2])
        #expect(schedule.duration == 2)
    }

    @Test func startingLaterKeepsTheProgramsAndDropsEarlierNotes() {
        let schedule = AudioSchedule(file: AudioFixtures.twoNotes(program: 19)).starting(at: 1.5)
        #expect(schedule.events == [
            TimedMessage(seconds: 0, .programChange(channel: 0, program: 19)),
            TimedMessage(seconds: 0.5, .noteOn(channel: 0, key: 72, velocity: 100)),
            TimedMessage(seconds: 1.5, .noteOn(channel: 0, key: 72, velocity: 0)),
        ])
        #expect(schedule.duration == 1.5)
    }

    @Test func aScoreIsScheduledAsItsExportedMIDI() {
        let score = Score(tempo: 60, notes: [Note(pitch: 60, start: 4, length: 2)])
        let schedule = AudioRendering.schedule(
            score: score, generated: [Note(pitch: 67, start: 6, length: 2, part: 1)],
            options: ExportOptions(seedProgram: 0, generatedProgram: 19))
        let notes = schedule.events.filter { if case .noteOn = $0.message { true } else { false } }
        #expect(notes.map(\.seconds) == [1.0, 1.5])
        #expect(schedule.events.contains(TimedMessage(seconds: 0, .programChange(channel: 1, program: 19))))
        #expect(schedule.duration == 2.0)
    }

    @Test func aRenderPastFullScaleIsTurnedDownWholeAndOneThatFitsIsLeftAlone() {
        let loud = OfflineRenderer.sixteenBit([0.5, -2.0, 1.0, 0], sampleRate: 8_000, musicFrames: 2)
        #expect(loud.samples == [8192, -32767, 16384, 0])
        #expect(abs(loud.attenuationDecibels - 6.02) < 0.01)
        let quiet = OfflineRenderer.sixteenBit([0.5, -0.25], sampleRate: 8_000, musicFrames: 1)
        #expect(quiet.samples == [16384, -8192])
        #expect(quiet.attenuationDecibels == 0)
    }

    @Test func wavHeaderDescribesSixteenBitStereo() {
        let bytes = WAVFile.bytes(interleaved: [1, -1, 256, -256], channels: 2, sampleRate: 22_050)
        #expect(bytes.count == 44 + 8)
        #expect(Array(bytes[0..<4]) == Array("RIFF".utf8))
        #expect(Array(bytes[4..<8]) == [44, 0, 0, 0])
        #expect(Array(bytes[8..<16]) == Array("WAVEfmt ".utf8))
        #expect(Array(bytes[20..<24]) == [1, 0, 2, 0])  // PCM, two channels
        #expect(Array(bytes[24..<28]) == [0x22, 0x56, 0, 0])  // 22050
        #expect(Array(bytes[28..<32]) == [0x88, 0x58, 0x01, 0])  // 88200 bytes per second
        #expect(Array(bytes[32..<36]) == [4, 0, 16, 0])  // block align, bits
        #expect(Array(bytes[36..<44]) == Array("data".utf8) + [8, 0, 0, 0])
        #expect(Array(bytes[44...]) == [1, 0, 0xFF, 0xFF, 0, 1, 0, 0xFF])
    }
}
