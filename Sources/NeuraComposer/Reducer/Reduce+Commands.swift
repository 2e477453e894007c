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

    /// What `:w` writes: a track per part with your notes, and the current variation on tracks
    /// of its own, one per part it wrote in ("Alto (NeuraScore)"), to audition or delete in a DAW;
    /// an accepted take is your notes, so it is written into the parts' own tracks.
    public var exportedTake: ExportedTake {
        var seed = document.score
        seed.notes = document.visibleSeedNotes.sorted(by: Score.noteOrder)
        // Every part shown is named in the file, those only the take is in included.
        seed.parts = document.parts
        let generated = document.current?.notes.map(\.note) ?? []
        seed.length = max(seed.notes.map(\.end).max() ?? 0, generated.map(\.end).max() ?? 0)
        let end = document.score.notes.map(\.end).max() ?? 0
        let range = document.generatedRange ?? end..<(end + parameters.lengthBars * stepsPerBar)
        let job = GenerationJob(score: document.score, range: range, controls: parameters.controls)
        let info = TakeRecord.fields(
            model: parameters.modelName, job: job, seed: "tracks", variation: document.currentVariation,
            variationCount: max(1, document.variations.count))
        return ExportedTake(seed: seed, generated: generated, takeInfo: info, generatedProgram: playback.takeProgram)
    }

    /// What Space and `:render` sound: the take as `:w` writes it, without the muted parts (or
    /// with only the soloed ones).
    public var playedTake: ExportedTake {
        var take = exportedTake
        take.seed.notes.removeAll { !playback.sounds(part: $0.part) }
        take.generated.removeAll { !playback.sounds(part: $0.part) }
        return take
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
        case .parallels(let rule):
            parameters.controls.parallels = rule
            message = StatusMessage(rule == .avoid
                ? "voices avoid parallel fifths and octaves" : "voices may move in parallel fifths and octaves")
        case .cadence(let rule):
            parameters.controls.cadence = rule
            message = StatusMessage(rule == .tonic
                ? "a set end closes on the tonic chord" : "a set end closes where the model arrives")
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
            resetParts()
            return effects + commitEdit { document in document = ComposerDocument(score: blank) }
        case .program(let target, let program): return setProgram(target, program)
        case .part(let reference): return choosePart(reference)
        case .mute(let target): toggle(.mute, target)
        case .solo(let target): toggle(.solo, target)
        case .end(let setting):
            if case .atBar(let bar) = setting, let refusal = endProblem(atBar: bar) {
                message = StatusMessage(refusal, isError: true)
                return []
            }
            parameters.end = setting
            switch setting {
            case .open: message = StatusMessage("end off: g writes \(plural(parameters.lengthBars, "bar")) and stops there")
            case .atBar(let bar): message = StatusMessage("g ends the piece at the end of bar \(bar)")
            case .byTheModel:
                message = StatusMessage("g lets the model end the piece, within \(plural(parameters.lengthBars, "bar"))")
            }
        case .harmonize(let reference):
            if let reference {
                guard let index = partIndex(reference) else {
                    message = StatusMessage(unknownPartMessage(reference), isError: true)
                    return []
                }
                currentPart = index
            }
            return startHarmonization()
        case .loop(let setting):
            playback.loops = setting ?? !playback.loops
            message = StatusMessage(playback.loops ? "loop on: playback wraps at the end" : "loop off")
        case .render(let path):
            guard !audibleScore.notes.isEmpty else {
                message = StatusMessage("nothing to render: the score has no notes", isError: true)
                return []
            }
            let take = playedTake
            guard !take.seed.notes.isEmpty || !take.generated.isEmpty else {
                message = StatusMessage("nothing to render: every part with notes is muted (:mute off, :solo off)", isError: true)
                return []
            }
            message = StatusMessage("rendering \(path)…")
            return [.renderAudio(path: path, take)]
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
