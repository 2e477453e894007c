import NeuraLSTM
import NeuraMusic
import Testing
@testable import NeuraCore

private func controls(_ configure: (inout GenerationControls) -> Void = { _ in }) -> GenerationControls {
    var controls = GenerationControls()
    controls.bars = 2
    controls.rngSeed = 42
    configure(&controls)
    return controls
}

@Test func continuationFillsExactlyTheRequestedBarsAfterTheSeed() throws {
    let generator = ContinuationGenerator(model: try TestModels.randomModel())
    let result = try generator.generate(seed: TestModels.seed, controls: controls())
    #expect(result.start == 16)
    #expect(result.end == 16 + 2 * 16)
    let notes = result.variations[0].notes.map(\.note)
    #expect(!notes.isEmpty)
    for note in notes {
        #expect(note.start >= result.start && note.end <= result.end)
        #expect(TestModels.encoding.pitchRange.contains(note.pitch))
    }
    // Whatever was sampled is a valid piece of the encoding: seed + continuation re-encode.
    let full = result.score(variation: 0)
    #expect(try TestModels.encoding.decode(TestModels.encoding.encode(full)).notes == full.notes)
    #expect(result.variations[0].stepEntropy.count == 32)
    #expect(result.variations[0].stepEntropy.contains { $0 > 0 })
}

@Test func sameRandomSeedGivesTheSameMusicAndAnotherSeedDoesNot() throws {
    let generator = ContinuationGenerator(model: try TestModels.randomModel())
    let first = try generator.generate(seed: TestModels.seed, controls: controls())
    let again = try generator.generate(seed: TestModels.seed, controls: controls())
    let other = try generator.generate(seed: TestModels.seed, controls: controls { $0.rngSeed = 43 })
    #expect(first.variations[0].tokens == again.variations[0].tokens)
    #expect(first.variations[0].tokens != other.variations[0].tokens)
}

@Test func batchedVariationsEqualSingleRunsWithTheirOwnSeeds() throws {
    let generator = ContinuationGenerator(model: try TestModels.randomModel())
    let batch = try generator.generate(seed: TestModels.seed, controls: controls { $0.variations = 3 })
    #expect(batch.variations.count == 3)
    for index in 0..<3 {
        let single = try generator.generate(seed: TestModels.seed, controls: controls {
            $0.rngSeed = ContinuationGenerator.streamSeed(42, variation: index)
        })
        #expect(single.variations[0].tokens == batch.variations[index].tokens, "variation \(index)")
    }
    #expect(batch.variations[0].tokens != batch.variations[1].tokens)
}

@Test func scaleRangeAndPolyphonyConstraintsHoldDuringSampling() throws {
    let generator = ContinuationGenerator(model: try TestModels.randomModel())
    let dorian = try Scale(parsing: "D dorian")
    let result = try generator.generate(seed: Score(), controls: controls {
        $0.bars = 4
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
        for step in 0..<result.end {
            #expect(notes.filter { $0.start <= step && step < $0.end }.count <= 2, "step \(step)")
        }
    }
}

@Test func notesStreamOutAsTheyAreSampled() throws {
    let generator = ContinuationGenerator(model: try TestModels.randomModel())
    var streamed: [Note] = []
    var progress: [Int] = []
    var entropy: [Int: Float] = [:]
    let result = try generator.generate(seed: TestModels.seed, controls: controls(), onEvent: { event in
        switch event {
        case .note(_, let generated): streamed.append(generated.note)
        case .progress(_, let step, _): progress.append(step)
        case .entropy(_, let step, let nats): entropy[step] = nats
        case .warning: break
        }
    })
    #expect(streamed == result.variations[0].notes.map(\.note))
    #expect(entropy.count == 32)
    #expect((0..<32).map { entropy[result.start + $0] } == result.variations[0].stepEntropy)
    #expect(progress.last == 32)
    #expect(progress == progress.sorted())
}

@Test func cancellingStopsPromptly() throws {
    let generator = ContinuationGenerator(model: try TestModels.randomModel())
    var polls = 0
    #expect(throws: GenerationError.cancelled) {
        try generator.generate(seed: TestModels.seed, controls: controls { $0.bars = 64 }, isCancelled: {
            polls += 1
            return polls > 5
        })
    }
    #expect(polls == 6)
}

@Test func choosingAnAlternativeResamplesFromThatDecision() throws {
    let generator = ContinuationGenerator(model: try TestModels.randomModel())
    let result = try generator.generate(seed: TestModels.seed, controls: controls())
    let variation = result.variations[0]
    let note = try #require(variation.notes.first { $0.alternatives.count > 1 })
    let alternative = try #require(note.alternatives.first { $0.token != variation.tokens[note.tokenIndex] })
    let forced = Array(variation.tokens[..<note.tokenIndex]) + [alternative.token]
    let resampled = try generator.generate(seed: TestModels.seed, controls: controls(), forcedTokens: forced)
    #expect(Array(resampled.variations[0].tokens.prefix(forced.count)) == forced)
    #expect(resampled.variations[0].notes.contains { $0.note.start == note.note.start && $0.tokenIndex == note.tokenIndex })
}

@Test func badControlsAndSeedsAreRefusedWithClearErrors() throws {
    let generator = ContinuationGenerator(model: try TestModels.randomModel())
    let cases: [(GenerationControls, String)] = [
        (controls { $0.temperature = 0 }, "temperature"),
        (controls { $0.temperature = -1 }, "temperature"),
        (controls { $0.topP = 0 }, "top-p"),
        (controls { $0.topP = 1.5 }, "top-p"),
        (controls { $0.bars = 0 }, "bars"),
        (controls { $0.bars = 100_000 }, "bars"),
        (controls { $0.style = "jazz" }, "jazz"),
    ]
    for (bad, mention) in cases {
        do {
            _ = try generator.generate(seed: TestModels.seed, controls: bad)
            Issue.record("accepted \(mention)")
        } catch {
            #expect(error.description.contains(mention), "\(error.description)")
        }
    }
    let outOfRange = Score(notes: [Note(pitch: 30, start: 0, length: 4), Note(pitch: 60, start: 0, length: 4)])
    #expect(throws: GenerationError.seedOutOfRange(pitches: [30], range: 48...84)) {
        try generator.generate(seed: outOfRange, controls: controls())
    }
    #expect(throws: GenerationError.gridMismatch(seed: 2, model: 4)) {
        try generator.generate(seed: Score(stepsPerQuarter: 2), controls: controls())
    }
}

@Test func loopGuardNoticesRepeatedBarsAndRaisesTheTemperatureWhenAsked() throws {
    // Three bars of the same figure in the seed; the continuation is forced to play it a fourth
    // time, which the guard sees at the first bar line it crosses.
    let figure = [Note(pitch: 60, start: 0, length: 4), Note(pitch: 64, start: 4, length: 4), Note(pitch: 67, start: 8, length: 8)]
    let seed = Score(notes: (0..<3).flatMap { bar in figure.map { Note(pitch: $0.pitch, start: $0.start + 16 * bar, length: $0.length) } })
    let encoding = TestModels.encoding
    let forced: [Token] = [.pitch(60), .length(4), .shift(4), .pitch(64), .length(4), .shift(4), .pitch(67), .length(8), .shift(8)]
    let forcedIDs = forced.map { encoding.id(for: $0)! }
    let generator = ContinuationGenerator(model: try TestModels.randomModel())
    let raised = try generator.generate(seed: seed, controls: controls { $0.loopGuard = .raiseTemperature }, forcedTokens: forcedIDs)
    #expect(raised.variations[0].warnings.first?.contains("bars 2–4 repeat the same bar") == true)
    #expect(raised.variations[0].finalTemperature == 1.25)
    let warned = try generator.generate(seed: seed, controls: controls { $0.loopGuard = .warn }, forcedTokens: forcedIDs)
    #expect(warned.variations[0].warnings.first?.contains("--loop-guard raise") == true)
    #expect(warned.variations[0].finalTemperature == 1)
    let silent = try generator.generate(seed: seed, controls: controls { $0.loopGuard = .off }, forcedTokens: forcedIDs)
    #expect(silent.variations[0].warnings.isEmpty)
}

@Test func anExactStepCountOverridesBars() throws {
    let generator = ContinuationGenerator(model: try TestModels.randomModel())
    let result = try generator.generate(seed: TestModels.seed, controls: controls { $0.steps = 6 })
    #expect(result.end == result.start + 6)
    #expect(result.variations[0].notes.allSatisfy { $0.note.end <= result.start + 6 })
    #expect(throws: GenerationError.self) { try generator.generate(seed: TestModels.seed, controls: controls { $0.steps = 0 }) }
}

@Test func everySampledNoteListsPitchAlternativesIncludingItself() throws {
    let generator = ContinuationGenerator(model: try TestModels.randomModel())
    let result = try generator.generate(seed: TestModels.seed, controls: controls())
    let encoding = TestModels.encoding
    for sampled in result.variations[0].notes {
        #expect(!sampled.alternatives.isEmpty && sampled.alternatives.count <= 8)
        #expect(sampled.alternatives.contains { encoding.token(for: $0.token) == .pitch(sampled.note.pitch) })
        #expect(sampled.alternatives.allSatisfy { if case .pitch = encoding.token(for: $0.token) { true } else { false } })
    }
}
