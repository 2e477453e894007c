import NeuraMusic

enum GenerationOutcome {
    case finished, cancelled
    case failed(String)
}

extension ComposerState {
    /// g: continue after the last seed note; v…g: regenerate the selected steps.
    mutating func startGeneration(regenerating range: Range<Int>? = nil) -> [Effect] {
        var effects = stopRunningGeneration(reason: "")
        let seedNotes: [Note]
        let startStep: Int
        let lengthSteps: Int
        if let range {
            seedNotes = document.score.notes.filter { $0.start < range.lowerBound }
            startStep = range.lowerBound
            lengthSteps = range.count
        } else {
            seedNotes = document.score.notes
            startStep = seedNotes.map(\.end).max() ?? 0
            lengthSteps = parameters.lengthBars * stepsPerBar
        }
        var seed = document.score
        seed.notes = seedNotes
        seed.length = max(seedNotes.map(\.end).max() ?? 0, startStep)
        seed.style = parameters.style
        let request = GenerationRequest(
            jobID: nextJobID, seed: seed, startStep: startStep, lengthSteps: lengthSteps,
            temperature: parameters.temperature, topP: parameters.topP, rngSeed: parameters.rngSeed,
            style: parameters.style, modelPath: parameters.modelPath, scale: parameters.scale,
            variationCount: parameters.variationCount)
        nextJobID += 1
        pushUndo()
        document.variations = Array(repeating: Variation(), count: parameters.variationCount)
        document.currentVariation = 0
        document.regeneratedRange = range
        generationVariationOffset = 0
        generation = .running(jobID: request.jobID, progress: 0)
        let what = range.map { "steps \($0.lowerBound)–\($0.upperBound - 1)" } ?? "\(parameters.lengthBars) bars"
        message = StatusMessage("generating \(what)… Esc cancels")
        effects.append(.startGeneration(request))
        return effects
    }

    mutating func receive(_ event: GenerationEvent, jobID: Int) {
        guard case .running(let runningID, let progress) = generation, runningID == jobID else { return }
        switch event {
        case .progress(let fraction):
            generation = .running(jobID: jobID, progress: min(1, max(progress, fraction)))
        case .note(let variation, let generated):
            let index = variation + generationVariationOffset
            guard document.variations.indices.contains(index) else { return }
            document.variations[index].notes.append(generated)
        case .entropy(let variation, let step, let nats):
            let index = variation + generationVariationOffset
            guard document.variations.indices.contains(index) else { return }
            document.variations[index].entropyByStep[step] = nats
        }
    }

    mutating func finishGeneration(jobID: Int, outcome: GenerationOutcome) -> [Effect] {
        guard case .running(let runningID, _) = generation, runningID == jobID else { return [] }
        if case .finished = outcome {} else { discardEmptyGeneration() }
        switch outcome {
        case .finished:
            generation = .idle
            let count = document.variations.count
            message = StatusMessage(
                count > 1 ? "\(count) variations: Tab cycles, a accepts, u undoes" : "done: a accepts, u undoes")
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

    /// a: the current variation becomes part of the seed, replacing the regenerated range if any.
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
            document.regeneratedRange = nil
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
            return resample(noteIndex: noteIndex, pitch: alternatives[number - 1].pitch)
        default:
            mode = .normal
            return []
        }
    }

    /// Puts `pitch` in place of the generated note and samples the rest of the variation anew
    /// from there, conditioned on everything up to and including the chosen note.
    mutating func resample(noteIndex: Int, pitch: Int) -> [Effect] {
        guard let variation = document.current else { return [] }
        var effects = stopRunningGeneration(reason: "")
        var chosen = variation.notes[noteIndex]
        chosen.note.pitch = pitch
        chosen.alternatives = []
        let kept = Array(variation.notes[..<noteIndex]) + [chosen]
        let endStep = variation.notes.map(\.note.end).max() ?? chosen.note.end
        let startStep = chosen.note.start
        let targetIndex = document.currentVariation

        var seed = document.score
        let context = document.visibleSeedNotes.filter { $0.start <= startStep } + kept.map(\.note)
        seed.notes = context.sorted(by: Score.noteOrder)
        seed.length = max(seed.notes.map(\.end).max() ?? 0, startStep)
        seed.style = parameters.style
        let request = GenerationRequest(
            jobID: nextJobID, seed: seed, startStep: startStep, lengthSteps: max(1, endStep - startStep),
            temperature: parameters.temperature, topP: parameters.topP, rngSeed: parameters.rngSeed,
            style: parameters.style, modelPath: parameters.modelPath, scale: parameters.scale,
            variationCount: 1)
        nextJobID += 1
        pushUndo()
        document.variations[targetIndex] = Variation(
            notes: kept, entropyByStep: variation.entropyByStep.filter { $0.key <= startStep })
        generationVariationOffset = targetIndex
        generation = .running(jobID: request.jobID, progress: 0)
        message = StatusMessage("resampling from \(PitchName.name(of: pitch))… Esc cancels")
        effects.append(.startGeneration(request))
        return effects
    }
}
