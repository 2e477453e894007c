import NeuraCore
import NeuraMusic
import Testing
@testable import NeuraComposer

@Suite struct CommandTests {
    @Test(arguments: [
        ("w out.mid", Command.write("out.mid")),
        ("w", .write(nil)),
        ("e  song.mid ", .edit("song.mid")),
        ("temp 0.9", .temperature(0.9)),
        ("len 8", .lengthBars(8)),
        ("tempo 100", .tempo(100)),
        ("topp 0.95", .topP(0.95)),
        ("parallels allow", .parallels(.allow)),
        ("parallels avoid", .parallels(.avoid)),
        ("cadence free", .cadence(.free)),
        ("cadence tonic", .cadence(.tonic)),
        ("seed 42", .rngSeed(42)),
        ("style folk", .style("folk")),
        ("model /tmp/m.safetensors", .model("/tmp/m.safetensors")),
        ("theme light", .theme("light")),
        ("scale D dorian", .scale(try! Scale(tonic: 2, mode: "dorian"))),
        ("scale off", .scale(nil)),
        ("var 2", .variations(2)),
        ("part Alto", .part(.name("Alto"))),
        ("part 2", .part(.number(2))),
        ("part Violin 1", .part(.name("Violin 1"))),
        ("mute", .mute(.current)),
        ("mute bass", .mute(.part(.name("bass")))),
        ("solo off", .solo(.none)),
        ("end 8", .end(.atBar(8))),
        ("end model", .end(.byTheModel)),
        ("end off", .end(.open)),
        ("harmonize", .harmonize(nil)),
        ("harm Soprano", .harmonize(.name("Soprano"))),
        ("q", .quit),
        ("wq", .writeAndQuit),
    ])
    func validCommandsParse(text: String, expected: Command) throws {
        #expect(try Command.parse(text) == expected)
    }

    @Test(arguments: [
        ("", CommandError.empty),
        ("frobnicate", .unknown("frobnicate")),
        ("temp", .missingArgument(command: "temp", expected: "a temperature 0.05…3")),
        ("temp hot", .badArgument(command: "temp", argument: "hot", expected: "a temperature 0.05…3")),
        ("temp 9", .badArgument(command: "temp", argument: "9", expected: "a temperature 0.05…3")),
        ("len 0", .badArgument(command: "len", argument: "0", expected: "a number of bars 1…256")),
        ("topp 0", .badArgument(command: "topp", argument: "0", expected: "a probability above 0 and at most 1")),
        ("parallels sometimes", .badArgument(command: "parallels", argument: "sometimes", expected: "avoid or allow")),
        ("cadence plagal", .badArgument(command: "cadence", argument: "plagal", expected: "tonic or free")),
        ("seed -1", .badArgument(command: "seed", argument: "-1", expected: "a whole number ≥ 0")),
        ("q now", .unexpectedArgument(command: "q", argument: "now")),
        ("part", .missingArgument(command: "part", expected: "a part's name or number")),
        ("end 0", .badArgument(command: "end", argument: "0", expected: "a bar number, model (the model ends it) or off")),
        ("end soon", .badArgument(command: "end", argument: "soon", expected: "a bar number, model (the model ends it) or off")),
    ])
    func garbageIsATypedError(text: String, expected: CommandError) {
        #expect(throws: expected) { try Command.parse(text) }
    }

    @Test func garbageTypedOnTheCommandLineShowsAMessage() {
        var state = ComposerState()
        let effects = press(keys(":bogus 12") + [.enter], into: &state)
        #expect(effects.isEmpty)
        #expect(state.mode == .normal)
        #expect(state.message == StatusMessage("unknown command :bogus (press ? for help)", isError: true))
    }

    @Test func commandLineEditingAndEffects() {
        var state = ComposerState()
        press(keys(":w x.midd") + [.backspace], into: &state)
        #expect(state.mode == .commandLine("w x.mid"))
        let effects = press([.enter], into: &state)
        #expect(effects == [.writeFile(path: "x.mid", state.exportedTake)])
        _ = reduce(&state, .fileWritten(path: "x.mid"))
        #expect(state.filePath == "x.mid")
        #expect(press(keys(":e y.mid") + [.enter], into: &state) == [.loadFile(path: "y.mid")])
        #expect(press(keys(":theme amber") + [.enter], into: &state) == [.loadTheme("amber")])
        #expect(press(keys(":q") + [.enter], into: &state) == [.quit])
    }

    @Test func writingWithoutAFileNameAsksForOne() {
        var state = ComposerState()
        #expect(press(keys(":w") + [.enter], into: &state).isEmpty)
        #expect(state.message?.isError == true)
    }

    @Test func parameterCommandsSetParameters() {
        var state = ComposerState()
        press(keys(":temp 0.7") + [.enter] + keys(":len 2") + [.enter] + keys(":topp 0.5") + [.enter]
              + keys(":seed 7") + [.enter] + keys(":scale A minor") + [.enter] + keys(":var 5") + [.enter],
              into: &state)
        var expected = GenerationParameters()
        expected.controls.temperature = 0.7
        expected.lengthBars = 2
        expected.controls.topP = 0.5
        expected.controls.rngSeed = 7
        expected.controls.scale = try! Scale(tonic: 9, mode: "minor")
        expected.controls.variations = 5
        expected.userChose = UserSamplingChoice(temperature: true, topP: true)
        #expect(state.parameters == expected)
        press(keys(":topp 1") + [.enter], into: &state)
        #expect(state.parameters.controls.topP == nil)
    }

    @Test func styleAndModelAreLookedUpByTheShellAndOnlyAChosenModelChangesTheSettings() {
        var state = ComposerState()
        #expect(press(keys(":style folk") + [.enter], into: &state) == [.chooseModel(model: nil, style: "folk")])
        #expect(press(keys(":model ~/m.safetensors") + [.enter], into: &state)
            == [.chooseModel(model: "~/m.safetensors", style: nil)])
        #expect(state.parameters == GenerationParameters())
        _ = reduce(&state, .modelChosen(model: "folk", style: nil))
        #expect(state.parameters.model == "folk")
        #expect(state.message?.text == "model folk")
        _ = reduce(&state, .error("unknown style \"jazz\"; the styles are the installed models chorale, folk"))
        #expect(state.parameters.model == "folk")
    }

    @Test func openingAFileReplacesTheDocumentUndoably() {
        var state = ComposerState()
        press([.enter], into: &state)
        let opened = Score(tempo: 90, notes: [Note(pitch: 67, start: 8, length: 2)])
        _ = reduce(&state, .fileLoaded(path: "song.mid", opened))
        #expect(state.score == opened)
        #expect(state.filePath == "song.mid")
        #expect(!state.isDirty)
        press(keys("u"), into: &state)
        #expect(seedNotes(state) == [[60, 0, 4]])
    }
}
