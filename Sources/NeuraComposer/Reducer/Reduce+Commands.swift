import NeuraCore
import NeuraMusic

extension ComposerState {
    mutating func handleCommandLine(_ key: Key, text: String) -> [Effect] {
        switch key {
        case .escape:
            mode = .normal
        case .backspace:
            if text.isEmpty { mode = .normal } else { mode = .commandLine(String(text.dropLast())) }
        case .enter:
            mode = .normal
            do {
                return run(try Command.parse(text))
            } catch {
                message = StatusMessage(error.description, isError: true)
            }
        case .character(let character):
            mode = .commandLine(text + String(character))
        default: break
        }
        return []
    }

    /// What the score sounds like now: the visible seed with the current variation laid in.
    public var audibleScore: Score {
        var score = document.score
        score.notes = (document.visibleSeedNotes + (document.current?.notes.map(\.note) ?? []))
            .sorted(by: Score.noteOrder)
        score.length = max(score.length, score.notes.map(\.end).max() ?? 0)
        return score
    }

    /// What `:w` writes: your notes on the Seed track, the current variation on its own.
    public var exportedTake: ExportedTake {
        var seed = document.score
        seed.notes = document.visibleSeedNotes.sorted(by: Score.noteOrder)
        // The generated notes take the channels after the seed's, so each track keeps its own program.
        let partOffset = (seed.notes.map(\.part).max() ?? -1) + 1
        let generated = (document.current?.notes.map(\.note) ?? []).map { note -> Note in
            var moved = note
            moved.part += partOffset
            return moved
        }
        seed.length = max(seed.notes.map(\.end).max() ?? 0, generated.map(\.end).max() ?? 0)
        let end = document.score.notes.map(\.end).max() ?? 0
        let range = document.generatedRange ?? end..<(end + parameters.lengthBars * stepsPerBar)
        let job = GenerationJob(score: document.score, range: range, controls: parameters.controls)
        let info = TakeRecord.fields(
            model: parameters.modelName, job: job, seed: "tracks", variation: document.currentVariation,
            variationCount: max(1, document.variations.count))
        return ExportedTake(
            seed: seed, generated: generated, takeInfo: info, seedProgram: playback.seedProgram,
            generatedProgram: playback.generatedProgram)
    }

    mutating func run(_ command: Command) -> [Effect] {
        switch command {
        case .write(let path):
            guard let target = path ?? filePath else {
                message = StatusMessage("no file name yet: use :w FILE.mid", isError: true)
                return []
            }
            message = StatusMessage("writing \(target)…")
            return [.writeFile(path: target, exportedTake)]
        case .writeAndQuit:
            guard let target = filePath else {
                message = StatusMessage("no file name yet: use :w FILE.mid, then :q", isError: true)
                return []
            }
            wantsQuit = true
            return [.writeFile(path: target, exportedTake), .quit]
        case .edit(let path):
            message = StatusMessage("opening \(path)…")
            return [.loadFile(path: path)]
        case .temperature(let value):
            parameters.controls.temperature = value
            parameters.userChose.temperature = true
            message = StatusMessage("temperature " + fixed(Double(value), decimals: 2))
        case .lengthBars(let bars):
            parameters.lengthBars = bars
            message = StatusMessage("generate \(bars) bar\(bars == 1 ? "" : "s")")
        case .tempo(let bpm):
            message = StatusMessage("tempo \(fixed(bpm, decimals: 0)) BPM")
            return commitEdit { document in document.score.tempo = bpm }
        case .topP(let value):
            parameters.controls.topP = value < 1 ? value : nil
            parameters.userChose.topP = true
            message = StatusMessage(value < 1 ? "top-p " + fixed(Double(value), decimals: 2) : "top-p off")
        case .rngSeed(let seed):
            parameters.controls.rngSeed = seed
            message = StatusMessage("random seed \(seed)")
        case .style(let name):
            message = StatusMessage("choosing style \(name)…")
            return [.chooseModel(model: nil, style: name)]
        case .model(let path):
            message = StatusMessage("loading model \(path)…")
            return [.chooseModel(model: path, style: nil)]
        case .theme(let name):
            return [.loadTheme(name)]
        case .scale(let scale):
            parameters.controls.scale = scale
            message = StatusMessage(scale.map { "scale lock \($0)" } ?? "scale lock off")
        case .variations(let count):
            parameters.controls.variations = count
            message = StatusMessage("\(count) variation\(count == 1 ? "" : "s") per generation")
        case .newScore:
            let effects = stopRunningGeneration(reason: "")
            let blank = Score(
                stepsPerQuarter: document.score.stepsPerQuarter, tempo: document.score.tempo,
                timeSignature: document.score.timeSignature, keySignature: document.score.keySignature)
            message = StatusMessage("new score (u brings the old one back)")
            filePath = nil
            return effects + commitEdit { document in document = ComposerDocument(score: blank) }
        case .program(let track, let program):
            switch track {
            case .seed: playback.seedProgram = program
            case .generated: playback.generatedProgram = program
            }
            message = StatusMessage("\(track.label) program \(program) (\(GeneralMIDI.programName(program)))")
        case .loop(let setting):
            playback.loops = setting ?? !playback.loops
            message = StatusMessage(playback.loops ? "loop on: playback wraps at the end" : "loop off")
        case .render(let path):
            guard !audibleScore.notes.isEmpty else {
                message = StatusMessage("nothing to render: the score has no notes", isError: true)
                return []
            }
            message = StatusMessage("rendering \(path)…")
            return [.renderAudio(path: path, exportedTake)]
        case .evaluate:
            return openEvaluation()
        case .help:
            mode = .help
        case .quit:
            wantsQuit = true
            return [.quit]
        }
        return []
    }
}
