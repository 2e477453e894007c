import NeuraCore
import NeuraMusic

enum GenerationOutcome {
    case finished, cancelled
    case failed(String)
}

extension ComposerState {
    /// g: continue after the last seed note, ending as `:end` says; v…g: regenerate the selected
    /// steps, leading into the music after them (which the job carries, for a model that hears it).
    mutating func startGeneration(regenerating selection: Range<Int>? = nil) -> [Effect] {
        if let selection {
            let job = GenerationJob(score: document.score, range: selection, controls: parameters.controls)
            return startJob(job, what: "bars \(barSpan(selection))", undoLabel: nil)
        }
        // After the last note, whatever the length of the file it came from.
        let seedEnd = document.score.notes.map(\.end).max() ?? 0
        let bars = "\(parameters.lengthBars) bar\(parameters.lengthBars == 1 ? "" : "s")"
        var job = GenerationJob(
            score: document.score, range: seedEnd..<(seedEnd + parameters.lengthBars * stepsPerBar),
            controls: parameters.controls)
        var what = bars
        switch parameters.end {
        case .open: break
        case .byTheModel:
            job.ending = .byTheModel
            what = "at most \(bars), ending where the model ends"
        case .atBar(let bar):
            if let refusal = endProblem(atBar: bar) {
                message = StatusMessage(refusal, isError: true)
                return []
            }
            job.range = seedEnd..<(bar * stepsPerBar)
            job.ending = .atRangeEnd
            what = "to the end of bar \(bar)"
        }
        return startJob(job, what: what, undoLabel: nil)
    }

    /// Why the next continuation cannot end at the end of `bar`, if it cannot.
    func endProblem(atBar bar: Int) -> String? {
        let seedEnd = document.score.notes.map(\.end).max() ?? 0
        let end = bar * stepsPerBar
        if end <= seedEnd {
            let seedBar = (seedEnd - 1) / stepsPerBar + 1
            return "the piece cannot end at bar \(bar): the seed goes on to bar \(seedBar) (:end off, or a later bar)"
        }
        let limit = GenerationLimits.bars.upperBound
        if end - seedEnd > limit * stepsPerBar {
            return "bar \(bar) is more than \(limit) bars after the seed's end: at most \(limit) bars are generated at once"
        }
        return nil
    }

    /// Starts `job` as the document's new variations, one undo step; the status line says `what`
    /// is being generated.
    mutating func startJob(_ job: GenerationJob, what: String, undoLabel: String?, done: String? = nil) -> [Effect] {
        var effects = stopRunningGeneration(reason: "")
        pushUndo(undoLabel)
        let count = job.controls.variations
        document.variations = Array(repeating: Variation(), count: count)
        document.currentVariation = 0
        document.generatedRange = job.range
        document.keptParts = job.keptParts
        document.ending = job.ending
        effects.append(begin(job, RunningJob(
            firstVariation: 0, stepsDone: Array(repeating: 0, count: count), stepsTotal: job.range.count,
            doneMessage: done ?? (count > 1 ? "\(count) variations: Tab cycles, a accepts, u undoes" : "done: a accepts, u undoes"),
            writesInto: currentPart)))
        message = StatusMessage("generating \(what)… Esc cancels")
        return effects
    }

    private mutating func begin(_ job: GenerationJob, _ running: RunningJob) -> Effect {
        let jobID = nextJobID
        nextJobID += 1
        runningJob = running
        generation = .running(jobID: jobID, progress: 0)
        return .startGeneration(jobID: jobID, job: job, model: parameters.model)
    }

    /// "5–8" for the bars a step range touches, counted from 1.
    func barSpan(_ steps: Range<Int>) -> String {
        let first = steps.lowerBound / stepsPerBar + 1
        let last = max(steps.lowerBound, steps.upperBound - 1) / stepsPerBar + 1
        return first == last ? "\(first)" : "\(first)–\(last)"
    }

    mutating func receive(_ event: GenerationEvent, jobID: Int) {
        guard case .running(let runningID, _) = generation, runningID == jobID, var job = runningJob else { return }
        switch event {
        case .parts(let modelParts):
            job.partOfModelPart = scoreParts(for: modelParts, writingInto: job.writesInto)
            runningJob = job
        case .progress(let variation, let step, _):
            guard job.stepsDone.indices.contains(variation) else { return }
            job.stepsDone[variation] = max(job.stepsDone[variation], step)
            runningJob = job
            generation = .running(jobID: jobID, progress: min(1, job.progress))
        case .note(let variation, let sampled):
            let index = variation + job.firstVariation
            guard document.variations.indices.contains(index) else { return }
            document.variations[index].notes.append(job.inScoreParts(sampled))
        case .entropy(let variation, let step, let nats):
            let index = variation + job.firstVariation
            guard document.variations.indices.contains(index) else { return }
            document.variations[index].entropyByStep[step] = Double(nats)
        case .opening(let heard):
            // Of the notes on the pick's step, the model kept those before the pick in its order.
            guard let pick = job.pick, document.variations.indices.contains(job.firstVariation) else { return }
            let kept = Set(heard.map { note in
                let filed = job.inScoreParts(note)
                return [filed.pitch, filed.start, filed.part]
            })
            document.variations[job.firstVariation].notes.removeAll { sampled in
                sampled.note.start == pick.start && !kept.contains([sampled.note.pitch, sampled.note.start, sampled.note.part])
            }
        case .warning(_, let text):
            job.doneMessage += "; " + text
            runningJob = job
        case .notice(let text):
            job.doneMessage += " (\(text))"
            runningJob = job
            message = StatusMessage(text)
        }
    }

    mutating func finishGeneration(jobID: Int, outcome: GenerationOutcome) -> [Effect] {
        guard case .running(let runningID, _) = generation, runningID == jobID else { return [] }
        let done = runningJob?.doneMessage ?? "done"
        runningJob = nil
        if case .finished = outcome {} else { discardEmptyGeneration() }
        switch outcome {
        case .finished:
            generation = .idle
            message = StatusMessage(done)
            // The streamed notes changed the document one action at a time without saving.
            return [.saveSession]
        case .cancelled:
            generation = .idle
            message = StatusMessage("generation cancelled")
        case .failed(let text):
            generation = .failed(text)
            message = StatusMessage("generation failed: \(text)", isError: true)
        }
        return []
    }

    mutating func cycleVariation(by offset: Int) {
        let count = document.variations.count
        guard count > 0 else {
            message = StatusMessage("no variations yet: press g to generate")
            return
        }
        document.currentVariation = ((document.currentVariation + offset) % count + count) % count
        message = StatusMessage("variation \(document.currentVariation + 1) of \(count)")
    }

    /// a: the current variation becomes part of the seed, replacing the seed notes it hid.
    mutating func acceptVariation() -> [Effect] {
        guard let variation = document.current else {
            message = StatusMessage("nothing to accept: press g to generate")
            return []
        }
        var effects = stopRunningGeneration(reason: "")
        effects += commitEdit { document in
            let kept = document.visibleSeedNotes
            document.setSeedNotes(kept + variation.notes.map(\.note))
            document.variations = []
            document.currentVariation = 0
            document.generatedRange = nil
        }
        message = StatusMessage("accepted \(variation.notes.count) note\(variation.notes.count == 1 ? "" : "s") into the seed")
        return effects
    }

    /// o: the model's other choices for the generated note at the cursor.
    mutating func showAlternatives() {
        guard let index = generatedNoteIndexAtCursor, let variation = document.current else {
            message = StatusMessage("move the cursor onto a generated note to see the model's alternatives")
            return
        }
        guard !variation.notes[index].alternatives.isEmpty else {
            message = StatusMessage("the generator reported no alternatives for this note")
            return
        }
        mode = .alternatives(noteIndex: index)
    }

    mutating func handleAlternatives(_ key: Key, noteIndex: Int) -> [Effect] {
        guard let variation = document.current, variation.notes.indices.contains(noteIndex) else {
            mode = .normal
            return []
        }
        let alternatives = variation.notes[noteIndex].alternatives
        switch key {
        case .character(let digit):
            guard let number = digit.wholeNumberValue, (1...alternatives.count).contains(number) else { return [] }
            mode = .normal
            return resample(noteIndex: noteIndex, choosing: alternatives[number - 1])
        default:
            mode = .normal
            return []
        }
    }

    /// Puts the chosen alternative (its pitch, in its part) in place of the generated note and
    /// samples the rest of the variation anew from there, from the variation's own random stream,
    /// with the parts kept and the ending of the generation it belongs to. The model hears
    /// everything before the note, the notes of its step that come before it in the encoding's
    /// order, and the pick.
    mutating func resample(noteIndex: Int, choosing alternative: NoteAlternative) -> [Effect] {
        guard let variation = document.current else { return [] }
        var effects = stopRunningGeneration(reason: "")
        let replaced = variation.notes[noteIndex]
        var pick = replaced
        pick.note.pitch = alternative.pitch
        pick.note.part = alternative.part
        let start = pick.note.start
        let end = max(document.generatedRange?.upperBound ?? 0, variation.notes.map(\.note.end).max() ?? 0, pick.note.end)
        let target = document.currentVariation

        var others = variation.notes
        others.remove(at: noteIndex)
        var score = document.score
        score.notes = (document.visibleSeedNotes + others.map(\.note)).sorted(by: Score.noteOrder)
        var controls = parameters.controls
        controls.variations = 1
        controls.firstVariation = target
        let job = GenerationJob(
            score: score, range: start..<end, pick: pick.note, controls: controls, keptParts: document.keptParts,
            ending: document.ending)

        pushUndo()
        // Until the model says which notes of the pick's step it kept, all of them stay shown.
        document.variations[target] = Variation(
            notes: others.filter { $0.note.start <= start } + [pick],
            entropyByStep: variation.entropyByStep.filter { $0.key < start })
        let pitch = PitchName.name(of: alternative.pitch)
        let picked = "picked \(pitch), resampled bars \(barSpan(start..<end))"
        effects.append(begin(job, RunningJob(
            firstVariation: target, stepsDone: [0], stepsTotal: job.range.count, doneMessage: picked, pick: pick.note,
            writesInto: pick.note.part)))
        message = StatusMessage("picked \(pitch), resampling bars \(barSpan(start..<end))… Esc cancels")
        return effects
    }
}
