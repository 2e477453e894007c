import Foundation
import NeuraCore
import NeuraMusic
import Testing
@testable import NeuraComposer

/// Playback as pure state: the tests play the shell's clock by hand.
@Suite struct PlaybackTests {
    /// Two notes, steps 0–7, at 120 BPM and 4 steps per quarter (8 steps a second).
    func twoNoteState() -> ComposerState {
        var state = ComposerState()
        press([.enter, .right, .right, .right, .right, .enter, .home], into: &state)
        return state
    }

    @Test func thePlayheadReachesTheEndAndStops() {
        var state = twoNoteState()
        #expect(press([.character(" ")], into: &state) == [.play(state.exportedTake, fromStep: 0)])
        #expect(state.playbackRun == PlaybackRun(startStep: 0, endStep: 8, stepsPerSecond: 8))
        #expect(reduce(&state, .playbackClock(seconds: 0.5)).isEmpty)
        #expect(state.playhead == 4)
        #expect(reduce(&state, .playbackClock(seconds: 0.99)).isEmpty)
        #expect(state.playhead == 7)
        #expect(reduce(&state, .playbackClock(seconds: 1.0)) == [.stopPlayback])
        #expect(state.playhead == nil)
        #expect(!state.isPlaying)
        // A late clock reading after the stop changes nothing.
        #expect(reduce(&state, .playbackClock(seconds: 1.2)).isEmpty)
        #expect(state.playhead == nil)
    }

    @Test func loopModeWrapsToWherePlaybackStartedAndSoundsItAgain() {
        var state = twoNoteState()
        press(keys(":loop") + [.enter], into: &state)
        #expect(state.playback.loops)
        #expect(state.message?.text.contains("loop on") == true)
        press([.right, .right, .character(" ")], into: &state)
        #expect(state.playhead == 2)
        _ = reduce(&state, .playbackClock(seconds: 0.7))
        #expect(state.playhead == 7)
        // Past the end: back to step 2, and the shell is asked to sound the take again from there,
        // one pass (6 steps at 8 a second) after the last one began.
        #expect(reduce(&state, .playbackClock(seconds: 0.75))
            == [.playAgain(state.exportedTake, fromStep: 2, passSeconds: 0.75)])
        #expect(state.playhead == 2)
        #expect(state.isPlaying)
        // The shell restarts its clock for the new pass.
        _ = reduce(&state, .playbackClock(seconds: 0.25))
        #expect(state.playhead == 4)
        // A tempo change is heard from the next pass on, and the playhead keeps time with it.
        press(keys(":tempo 60") + [.enter], into: &state)
        #expect(reduce(&state, .playbackClock(seconds: 0.75))
            == [.playAgain(state.exportedTake, fromStep: 2, passSeconds: 0.75)])
        #expect(state.playbackRun?.stepsPerSecond == 4)
        _ = reduce(&state, .playbackClock(seconds: 0.5))
        #expect(state.playhead == 4)
        #expect(press([.character(" ")], into: &state) == [.stopPlayback])
        #expect(state.playhead == nil)
    }

    @Test func spaceTogglesAndStartsFromTheTopPastTheEnd() {
        var state = twoNoteState()
        press([.end, .right], into: &state)
        #expect(press([.character(" ")], into: &state) == [.play(state.exportedTake, fromStep: 0)])
        #expect(state.isPlaying)
        #expect(press([.character(" ")], into: &state) == [.stopPlayback])
        #expect(!state.isPlaying)
    }

    @Test func withoutAudioTheStatusLineSaysSoOnceAndThePlayheadStillRuns() {
        var state = twoNoteState()
        _ = reduce(&state, .audioOutput(.noDevice("no sound device")))
        press([.character(" ")], into: &state)
        #expect(state.message == StatusMessage("no audio output (render with :render)"))
        _ = reduce(&state, .playbackClock(seconds: 0.5))
        #expect(state.playhead == 4)
        press([.character(" ")], into: &state)
        state.message = nil
        press([.character(" ")], into: &state)
        #expect(state.message == nil)
        #expect(state.isPlaying)
    }

    @Test func aMissingSoundFontIsNamedOnTheFirstPlay() {
        var state = twoNoteState()
        _ = reduce(&state, .audioOutput(.failed("no General MIDI SoundFont found")))
        press([.character(" ")], into: &state)
        #expect(state.message == StatusMessage("no sound: no General MIDI SoundFont found", isError: true))
        #expect(state.playhead == 0)
    }

    @Test func withAudioNothingIsSaidAboutIt() {
        var state = twoNoteState()
        state.message = nil
        _ = reduce(&state, .audioOutput(.ready("pulseaudio")))
        press([.character(" ")], into: &state)
        #expect(state.message == nil)
    }

    @Test func programsGoToTheirPartsAndIntoTheTake() {
        var state = twoNoteState()
        state.document = ComposerDocument(
            score: state.document.score,
            variations: [Variation(notes: [SampledNote(note: Note(pitch: 67, start: 8, length: 4))])])
        // `seed` still sets the sound of all of your notes: every part's program, one undo step.
        #expect(press(keys(":program seed 40") + [.enter], into: &state) == [.saveSession])
        #expect(state.message?.text == "every part: program 40 (Violin)")
        #expect(state.document.score.parts.map(\.program) == [40])
        press(keys(":program gen 19") + [.enter], into: &state)
        #expect(state.playback == PlaybackSettings(takeProgram: 19))
        let take = state.exportedTake
        #expect(take.seed.parts.map(\.program) == [40])
        #expect(take.generatedProgram == 19)
        // The generated notes stay in their part; the writer gives their track its own channel.
        #expect(take.generated.map(\.part) == [0])
        #expect(state.session.playback == state.playback)
        #expect(ComposerState(restoring: state.session, viewSize: state.viewSize).playback == state.playback)
        press(keys(":program gen off") + [.enter], into: &state)
        #expect(state.playback.takeProgram == nil)
        #expect(state.exportedTake.exportOptions(title: "t").generatedProgram == nil)
        press(keys("u"), into: &state)
        #expect(state.document.parts.map(\.program) == [0])
    }

    @Test func eachPartHasItsOwnProgram() {
        var state = twoNoteState()
        press(keys(":part Alto") + [.enter] + keys(":program 52") + [.enter], into: &state)
        #expect(state.message?.text == "part 2 Alto: program 52 (Choir Aahs)")
        press(keys(":program 1 73") + [.enter], into: &state)
        #expect(state.document.score.parts.map(\.program) == [73, 52])
        press(keys(":program alto 41") + [.enter], into: &state)
        #expect(state.document.score.parts.map(\.program) == [73, 41])
        press(keys(":program Tuba 58") + [.enter], into: &state)
        #expect(state.message == StatusMessage("no part Tuba; the parts are 1 Part 1, 2 Alto", isError: true))
        #expect(state.document.score.parts.map(\.program) == [73, 41])
    }

    @Test func writtenTakesCarryEachTracksProgramOnItsOwnChannel() throws {
        var state = twoNoteState()
        state.document = ComposerDocument(
            score: state.document.score,
            variations: [Variation(notes: [SampledNote(note: Note(pitch: 67, start: 8, length: 4))])])
        press(keys(":program seed 40") + [.enter] + keys(":program gen 19") + [.enter], into: &state)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-programs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("take.mid").path
        try MIDIScoreFiles().writeTake(state.exportedTake, toPath: path)
        let file = try MIDIReader.read(contentsOf: URL(fileURLWithPath: path)).file
        var programsByChannel: [UInt8: UInt8] = [:]
        var notesByChannel: [UInt8: [UInt8]] = [:]
        for event in file.tracks.flatMap(\.events) {
            switch event.message {
            case .programChange(let channel, let program): programsByChannel[channel] = program
            case .noteOn(let channel, let key, let velocity) where velocity > 0: notesByChannel[channel, default: []].append(key)
            default: break
            }
        }
        #expect(programsByChannel == [0: 40, 1: 19])
        #expect(notesByChannel == [0: [60, 60], 1: [67]])
    }

    @Test func playbackCommandsRefuseBadArguments() throws {
        #expect(throws: CommandError.self) { try Command.parse("program seed 128") }
        #expect(throws: CommandError.self) { try Command.parse("program seed off") }
        #expect(throws: CommandError.self) { try Command.parse("program seed") }
        #expect(throws: CommandError.self) { try Command.parse("program") }
        #expect(try Command.parse("program Violin 1 40") == .program(.part(.name("Violin 1")), 40))
        #expect(try Command.parse("program 2 40") == .program(.part(.number(2)), 40))
        #expect(try Command.parse("program gen off") == .program(.generated, nil))
        #expect(throws: CommandError.self) { try Command.parse("render take.mid") }
        #expect(throws: CommandError.self) { try Command.parse("render") }
        #expect(throws: CommandError.self) { try Command.parse("loop maybe") }
        #expect(try Command.parse("loop off") == .loop(false))
        #expect(try Command.parse("render ~/take.wav") == .render("~/take.wav"))
    }

    @Test func renderAsksForTheTakeAndRefusesAnEmptyScore() {
        var state = ComposerState()
        #expect(press(keys(":render out.wav") + [.enter], into: &state).isEmpty)
        #expect(state.message?.isError == true)
        state = twoNoteState()
        #expect(press(keys(":render out.wav") + [.enter], into: &state) == [.renderAudio(path: "out.wav", state.exportedTake)])
        _ = reduce(&state, .audioRendered(path: "out.wav", seconds: 2.04))
        #expect(state.message == StatusMessage("rendered out.wav (2.0 s of audio)"))
    }

    @Test func pianoEntryPreviewsEachNoteOnItsPartsProgram() {
        var state = ComposerState()
        state.document.score.parts = [Part(name: "Flute", program: 73)]
        let effects = press([.character("i"), .character("q")], into: &state)
        #expect(effects.first == .previewNote(pitch: 72, velocity: 90, program: 73))
    }

    /// Space and `:render` sound each part on a channel of its own with the part's program, the
    /// take's notes on channels of their own with their part's program, and no muted part.
    @Test func playbackSoundsEachPartOnItsOwnChannelWithItsProgram() {
        var state = ComposerState()
        state.document = ComposerDocument(
            score: Score(
                notes: [Note(pitch: 72, start: 0, length: 4, part: 0), Note(pitch: 64, start: 0, length: 4, part: 1),
                        Note(pitch: 48, start: 0, length: 4, part: 2)],
                parts: [Part(name: "Soprano", program: 52), Part(name: "Alto", program: 41), Part(name: "Bass", program: 32)]),
            variations: [Variation(notes: [SampledNote(note: Note(pitch: 65, start: 4, length: 4, part: 1))])])
        state.playback.muted = [2]
        let schedule = ComposerAudio.schedule(of: state.playedTake)
        var programs: [UInt8: UInt8] = [:]
        var notes: [UInt8: [UInt8]] = [:]
        for event in schedule.events {
            switch event.message {
            case .programChange(let channel, let program): programs[channel] = program
            case .noteOn(let channel, let key, let velocity) where velocity > 0: notes[channel, default: []].append(key)
            default: break
            }
        }
        let channelOf = { (key: UInt8) in notes.first { $0.value.contains(key) }!.key }
        #expect(Set(notes.keys).count == 3)
        #expect(programs[channelOf(72)] == 52)
        #expect(programs[channelOf(64)] == 41)
        // The generated alto note: a channel apart from the alto's, with the alto's program.
        #expect(channelOf(65) != channelOf(64))
        #expect(programs[channelOf(65)] == 41)
        #expect(!notes.values.contains { $0.contains(48) })
    }
}
