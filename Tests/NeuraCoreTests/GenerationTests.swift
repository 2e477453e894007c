import NeuraLSTM
import NeuraMusic
import Testing
@testable import NeuraCore

private func controls(_ configure: (inout GenerationControls) -> Void = { _ in }) -> GenerationControls {
    var controls = GenerationControls()
    controls.rngSeed = 42
    configure(&controls)
    return controls
}

/// Two bars after the test seed, or `bars` bars.
private func job(_ seed: Score = TestModels.seed, bars: Int = 2, _ configure: (inout GenerationControls) -> Void = { _ in })
    -> GenerationJob
{
    GenerationJob.continuation(of: seed, bars: bars, controls: controls(configure))
}

@Test func continuationFillsExactlyTheRequestedBarsAfterTheSeed() throws {
    let generator = ScoreGenerator(model: try TestModels.randomModel())
    let result = try generator.generate(job())
    #expect(result.range == 16..<(16 + 2 * 16))
    let notes = result.variations[0].notes.map(\.note)
    #expect(!notes.isEmpty)
    for note in notes {
        #expect(note.start >= result.range.lowerBound && note.end <= result.range.upperBound)
        #expect(TestModels.encoding.pitchRange.contains(note.pitch))
    }
    // Whatever was sampled is a valid piece of the encoding: context + continuation re-encode.
    let full = result.score(variation: 0)
    #expect(try TestModels.encoding.decode(TestModels.encoding.encode(full)).notes == full.notes)
    #expect(result.variations[0].stepEntropy.count == 32)
    #expect(result.variations[0].stepEntropy.contains { $0 > 0 })
}

@Test func aRangeThatStartsWhileANoteSoundsStartsThereNotAfterTheNote() throws {
    let generator = ScoreGenerator(model: try TestModels.randomModel())
    // The last seed note (step 12) sounds until 16; the range starts at 14.
    let result = try generator.generate(GenerationJob(score: TestModels.seed, range: 14..<30, controls: controls()))
    #expect(result.range == 14..<30)
    #expect(result.context.notes == TestModels.seed.notes)
    #expect(result.variations[0].notes.allSatisfy { $0.note.start >= 14 && $0.note.end <= 30 })
    #expect(result.variations[0].stepEntropy.count == 16)
}

@Test func sameRandomSeedGivesTheSameMusicAndAnotherSeedDoesNot() throws {
    let generator = ScoreGenerator(model: try TestModels.randomModel())
    let first = try generator.generate(job())
    let again = try generator.generate(job())
    let other = try generator.generate(job { $0.rngSeed = 43 })
    #expect(first.variations[0].tokens == again.variations[0].tokens)
    #expect(first.variations[0].tokens != other.variations[0].tokens)
}

@Test func batchedVariationsEqualSingleRunsOfTheirOwnStreams() throws {
    let generator = ScoreGenerator(model: try TestModels.randomModel())
    let batch = try generator.generate(job { $0.variations = 3 })
    #expect(batch.variations.count == 3)
    for index in 0..<3 {
        let seeded = try generator.generate(job { $0.rngSeed = ScoreGenerator.streamSeed(42, variation: index) })
        let numbered = try generator.generate(job { $0.firstVariation = index })
        #expect(seeded.variations[0].tokens == batch.variations[index].tokens, "variation \(index)")
        #expect(numbered.variations[0].tokens == batch.variations[index].tokens, "variation \(index)")
    }
    #expect(batch.variations[0].tokens != batch.variations[1].tokens)
}

@Test func scaleRangeAndPolyphonyConstraintsHoldDuringSampling() throws {
    let generator = ScoreGenerator(model: try TestModels.randomModel())
    let dorian = try Scale(parsing: "D dorian")
    let result = try generator.generate(job(Score(), bars: 4) {
        $0.scale = dorian
        $0.pitchRange = 55...70
        $0.maxPolyphony = 2
        $0.variations = 2
    })
    for variation in result.variations {
        let notes = variation.notes.map(\.note)
        #expect(!notes.isEmpty)
        for note in notes {
            #expect(dorian.contains(pitch: note.pitch), "\(note) is not in D dorian")
            #expect((55...70).contains(note.pitch))
        }
        for step in result.range {
            #expect(notes.filter { $0.start <= step && step < $0.end }.count <= 2, "step \(step)")
        }
    }
}

@Test func notesStreamOutAsTheyAreSampled() throws {
    let generator = ScoreGenerator(model: try TestModels.randomModel())
    var streamed: [Note] = []
    var progress: [Int] = []
    var entropy: [Int: Float] = [:]
    var firstEvent: GenerationEvent?
    let result = try generator.generate(job(), onEvent: { event in
        if firstEvent == nil { firstEvent = event }
        switch event {
        case .note(_, let generated): streamed.append(generated.note)
        case .progress(_, let step, _): progress.append(step)
        case .entropy(_, let step, let nats): entropy[step] = nats
        case .warning, .opening, .notice, .parts: break
        }
    })
    // First of all, the parts the notes are in: a single-voice model's one part, which hears the seed's.
    #expect(firstEvent == .parts(ModelParts(parts: [Part.unnamed(0)], heardAs: [0: 0])))
    #expect(streamed == result.variations[0].notes.map(\.note))
    #expect(entropy.count == 32)
    #expect(result.range.map { entropy[$0] } == result.variations[0].stepEntropy)
    #expect(progress.last == 32)
    #expect(progress == progress.sorted())
}

@Test func cancellingStopsPromptly() throws {
    let generator = ScoreGenerator(model: try TestModels.randomModel())
    var polls = 0
    #expect(throws: GenerationError.cancelled) {
        try generator.generate(job(bars: 64), isCancelled: {
            polls += 1
            return polls > 5
        })
    }
    #expect(polls == 6)
}

@Test func aPickIsHeardAfterTheNotesBeforeItOnItsStepAndTheRestIsSampledAnew() throws {
    let generator = ScoreGenerator(model: try TestModels.randomModel())
    // A chord on step 16 was 55, 60, 64, and the user picks 58 in place of 60: 55 (lower, so
    // earlier in the encoding's order) is kept, and 64 (later in the order) is sampled anew.
    var score = TestModels.seed
    score.notes += [Note(pitch: 55, start: 16, length: 4), Note(pitch: 64, start: 16, length: 4)]
    var opening: [Note] = []
    let pick = Note(pitch: 58, start: 16, length: 4)
    let result = try generator.generate(
        GenerationJob(score: score, range: 16..<48, pick: pick, controls: controls()),
        onEvent: { if case .opening(let notes) = $0 { opening = notes } })
    #expect(opening.map(\.pitch) == [55, 58])
    #expect(result.context.notes.filter { $0.start == 16 }.map(\.pitch) == [55, 58])
    // Sampling goes on after the pick: on its step only higher pitches may follow.
    let sameStep = result.variations[0].notes.filter { $0.note.start == 16 }
    #expect(sameStep.allSatisfy { $0.note.pitch > 58 })
    // The model heard the context, the run of shifts to step 16, the opening, then what it
    // sampled: together a canonical piece that decodes to the take.
    let encoding = TestModels.encoding
    let (context, clock) = try encoding.encodeContext(result.context, before: 16)
    let heard = context + encoding.shiftTokens(from: clock, to: 16) + opening.flatMap(encoding.noteTokens)
    let take = try encoding.decode(heard + result.variations[0].tokens + [EncodingConfig.eos])
    #expect(take.notes == result.score(variation: 0).notes.map { var note = $0; note.part = 0; return note })
}

@Test func aPickNotOnTheRangesFirstStepIsRefused() throws {
    let generator = ScoreGenerator(model: try TestModels.randomModel())
    #expect(throws: GenerationError.self) {
        try generator.generate(GenerationJob(
            score: TestModels.seed, range: 16..<32, pick: Note(pitch: 60, start: 17, length: 2), controls: controls()))
    }
}

@Test func badControlsAndRangesAreRefusedWithClearErrors() throws {
    let generator = ScoreGenerator(model: try TestModels.randomModel())
    let cases: [(GenerationJob, String)] = [
        (job { $0.temperature = 0 }, "temperature"),
        (job { $0.temperature = -1 }, "temperature"),
        (job { $0.temperature = 3.5 }, "0.05…3"),
        (job { $0.topP = 0 }, "top-p"),
        (job { $0.topP = 1.5 }, "top-p"),
        (job { $0.variations = 17 }, "1…16"),
        (job(bars: 0), "range"),
        (job(bars: 300), "at most 256 bars can be generated at once (asked for 300 bars)"),
        (job { $0.style = "jazz" }, "jazz"),
    ]
    for (bad, mention) in cases {
        do {
            _ = try generator.generate(bad)
            Issue.record("accepted \(mention)")
        } catch {
            #expect(error.description.contains(mention), "\(error.description)")
        }
    }
    let outOfRange = Score(notes: [Note(pitch: 30, start: 0, length: 4), Note(pitch: 60, start: 0, length: 4)])
    #expect(throws: GenerationError.seedOutOfRange(pitches: [30], range: 48...84)) {
        try generator.generate(job(outOfRange))
    }
    #expect(throws: GenerationError.gridMismatch(seed: 2, model: 4)) {
        try generator.generate(job(Score(stepsPerQuarter: 2)))
    }
}

@Test func loopGuardNoticesRepeatedBarsAndRaisesTheTemperatureWhenAsked() throws {
    // Four bars of the same figure; the range starts on the last step of the fourth, where one
    // voice at most leaves the sampler no note to add, so the guard sees four equal bars at
    // the first bar line it crosses.
    let figure = [Note(pitch: 60, start: 0, length: 4), Note(pitch: 64, start: 4, length: 4), Note(pitch: 67, start: 8, length: 8)]
    let seed = Score(notes: (0..<4).flatMap { bar in figure.map { Note(pitch: $0.pitch, start: $0.start + 16 * bar, length: $0.length) } })
    let generator = ScoreGenerator(model: try TestModels.randomModel())
    func run(_ loopGuard: GenerationControls.LoopGuard) throws -> SampledVariation {
        let job = GenerationJob(score: seed, range: 63..<80, controls: controls {
            $0.loopGuard = loopGuard
            $0.maxPolyphony = 1
        })
        return try generator.generate(job).variations[0]
    }
    let raised = try run(.raiseTemperature)
    #expect(raised.warnings.first?.contains("bars 2–4 repeat the same bar") == true)
    #expect(raised.finalTemperature == 1.25)
    let warned = try run(.warn)
    #expect(warned.warnings.first?.contains("--loop-guard raise") == true)
    #expect(warned.finalTemperature == 1)
    #expect(try run(.off).warnings.isEmpty)
}

@Test func everySampledNoteListsPitchAlternativesIncludingItself() throws {
    let generator = ScoreGenerator(model: try TestModels.randomModel())
    let result = try generator.generate(job())
    for sampled in result.variations[0].notes {
        #expect(!sampled.alternatives.isEmpty && sampled.alternatives.count <= 8)
        #expect(sampled.alternatives.contains { $0.pitch == sampled.note.pitch })
        #expect(sampled.alternatives.allSatisfy { TestModels.encoding.pitchRange.contains($0.pitch) && $0.probability > 0 })
        #expect(sampled.alternatives.map(\.probability) == sampled.alternatives.map(\.probability).sorted(by: >))
    }
}

@Test func aRestBetweenTheLastNoteAndTheRangeIsTheModelsToFillAndNothingBreaks() throws {
    // The seed's last note ends at 16; the range starts at 40, so the model first rests there.
    let generator = ScoreGenerator(model: try TestModels.randomModel())
    var entropySteps: [Int] = []
    for seed: UInt64 in 1...6 {
        var controls = GenerationControls()
        controls.rngSeed = seed
        let result = try generator.generate(GenerationJob(score: TestModels.seed, range: 40..<72, controls: controls),
                                            onEvent: { if case .entropy(_, let step, _) = $0 { entropySteps.append(step) } })
        #expect(result.variations[0].notes.allSatisfy { $0.note.start >= 40 && $0.note.end <= 72 })
    }
    #expect(entropySteps.allSatisfy { (40..<72).contains($0) })
}
