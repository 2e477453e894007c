import NeuraLSTM
import NeuraMusic
import Testing
@testable import NeuraCore

/// Jobs with given music: a kept part (harmonising), music after the range (filling a gap), and
/// an end, for models trained with controls and for models without them.
@Suite struct GivenMusicTests {
    func controls(_ seed: UInt64 = 3) -> GenerationControls {
        var controls = GenerationControls()
        controls.rngSeed = seed
        controls.variations = 2
        return controls
    }

    @Test func echoedControlsAnnounceTheMelodyAndPlayIt() throws {
        var model = try TestModels.randomPartsModel(anticipation: 8)
        var encoding = model.encoding
        encoding.echoControls = true
        model = try NeuraModel(name: "echo", url: nil, parameters: model.parameters, encoding: encoding, trainingRecord: nil)
        let result = try ScoreGenerator(model: model).generate(
            GenerationJob(score: TestModels.melody, range: 0..<32, controls: controls(), keptParts: [0], ending: .atRangeEnd))
        #expect(result.context.notes.filter { $0.part == 0 }.map(\.pitch) == TestModels.melody.notes.map(\.pitch))
        for variation in result.variations {
            #expect(variation.notes.allSatisfy { $0.note.part != 0 })
            // Every melody note is announced (A k P L) and played (P L) in the sampled stream.
            let names = variation.tokens.map { encoding.vocabulary[$0] }
            #expect(names.filter { $0.hasSuffix("/0") }.count >= 8)
        }
    }

    @Test(arguments: [0, 8])
    func aKeptMelodyComesBackNoteForNoteAndTheModelWritesOnlyTheOtherParts(anticipation: Int) throws {
        let generator = ScoreGenerator(model: try TestModels.randomPartsModel(anticipation: anticipation))
        let job = GenerationJob(score: TestModels.melody, range: 0..<32, controls: controls(), keptParts: [0])
        let result = try generator.generate(job)
        #expect(result.context.notes.filter { $0.part == 0 }.map { [$0.pitch, $0.start, $0.length] }
            == TestModels.melody.notes.map { [$0.pitch, $0.start, $0.length] })
        for variation in result.variations {
            #expect(!variation.notes.isEmpty)
            #expect(variation.notes.allSatisfy { $0.note.part != 0 }, "the model wrote in the kept part")
            #expect(variation.notes.allSatisfy { $0.note.start >= 0 && $0.note.end <= 32 })
        }
        // What the model heard and wrote is one canonical piece of its encoding.
        let encoding = generator.model.encoding
        let given = Controls(notes: anticipation > 0 ? result.context.notes : [])
        var events = result.score(variation: 0)
        if anticipation > 0 { events.notes.removeAll { $0.part == 0 } }
        let (prefix, _) = try encoding.encodeContext(Score(parts: encoding.roleParts), controls: given, before: 0)
        let tokens = prefix + result.variations[0].tokens
        var decoder = TokenDecoder(config: encoding)
        for token in tokens { try decoder.feed(token) }
        #expect(decoder.notes.filter { $0.part == 0 }.count == (anticipation > 0 ? 0 : 8))
        #expect(decoder.controls.count == (anticipation > 0 ? 8 : 0))
    }

    @Test func aGapIsFilledHearingTheMusicAfterIt() throws {
        let generator = ScoreGenerator(model: try TestModels.randomPartsModel(anticipation: 8))
        var score = TestModels.melody
        score.parts = TestModels.satb.map { Part(name: $0.name) }
        score.notes += [Note(pitch: 48, start: 0, length: 8, part: 3), Note(pitch: 50, start: 24, length: 8, part: 3)]
        let result = try generator.generate(GenerationJob(score: score, range: 8..<24, controls: controls()))
        for variation in result.variations {
            #expect(variation.notes.allSatisfy { $0.note.start >= 8 && $0.note.end <= 24 })
        }
        // The notes after the gap were given, and come back unchanged.
        let after = result.context.notes.filter { $0.start >= 24 }.map { [$0.pitch, $0.start, $0.part] }
        #expect(after.sorted { $0.lexicographicallyPrecedes($1) } == [[50, 24, 3], [74, 28, 0], [76, 24, 0]])
        // Filled twice with the same stream, the music after the gap changes what is sampled.
        var other = score
        other.notes = score.notes.map { note in
            guard note.start >= 24 else { return note }
            var moved = note
            moved.pitch -= 5
            return moved
        }
        let changed = try generator.generate(GenerationJob(score: other, range: 8..<24, controls: controls()))
        #expect(changed.variations.map(\.tokens) != result.variations.map(\.tokens))
    }

    @Test func anEndAtTheRangeEndStopsEveryNoteThere() throws {
        let generator = ScoreGenerator(model: try TestModels.randomPartsModel(anticipation: 8))
        let seed = Score(notes: [Note(pitch: 60, start: 0, length: 4, part: 1)], parts: TestModels.satb.map { Part(name: $0.name) })
        let result = try generator.generate(GenerationJob(score: seed, range: 4..<36, controls: controls(), ending: .atRangeEnd))
        for variation in result.variations {
            #expect(variation.notes.allSatisfy { $0.note.end <= 36 })
        }
        #expect(throws: GenerationError.self) {
            var longer = seed
            longer.notes.append(Note(pitch: 62, start: 40, length: 2))
            _ = try generator.generate(GenerationJob(score: longer, range: 4..<36, controls: controls(), ending: .atRangeEnd))
        }
    }

    @Test func theModelMayEndThePieceItselfOnlyWhenAsked() throws {
        // A model leaning hard towards EOS ends as soon as the grammar lets it, if it may.
        let model = try TestModels.randomPartsModel(anticipation: 0)
        var tensors = Dictionary(uniqueKeysWithValues: model.parameters.namedTensors().map { ($0.name, (shape: $0.shape, values: Array($0.values))) })
        tensors["head.bias"]!.values[EncodingConfig.eos] += 20
        let leaning = try NeuraModel(
            name: "eos", url: nil, parameters: LSTMParameters(config: model.parameters.config, named: tensors),
            encoding: model.encoding, trainingRecord: nil)
        let generator = ScoreGenerator(model: leaning)
        let ended = try generator.generate(GenerationJob(
            score: TestModels.melody, range: 32..<200, controls: controls(), ending: .byTheModel))
        for variation in ended.variations {
            #expect(variation.tokens.last == EncodingConfig.eos)
            #expect(variation.notes.allSatisfy { $0.note.end <= 200 })
        }
        let open = try generator.generate(GenerationJob(score: TestModels.melody, range: 32..<64, controls: controls()))
        #expect(open.variations.allSatisfy { !$0.tokens.contains(EncodingConfig.eos) })
    }

    @Test func thePartsEventSaysWhichModelPartEachPartOfTheScoreIsHeardAs() throws {
        let generator = ScoreGenerator(model: try TestModels.randomPartsModel(anticipation: 8))
        // A melody in the score's third part, named nothing the model knows: it goes by register.
        var score = Score(parts: [Part(name: "Piano"), Part(name: "Flute"), Part(name: "Tune")])
        score.notes = TestModels.melody.notes.map { note in
            var moved = note
            moved.part = 2
            return moved
        }
        var events: [GenerationEvent] = []
        let result = try generator.generate(
            GenerationJob(score: score, range: 0..<32, controls: controls(), keptParts: [2]), onEvent: { events.append($0) })
        let roles = TestModels.satb.map { Part(name: $0.name, program: $0.program) }
        #expect(events.first == .parts(ModelParts(parts: roles, heardAs: [2: 0])))
        #expect(result.variations.allSatisfy { $0.notes.allSatisfy { $0.note.part != 0 } })
    }

    @Test func aSingleVoiceModelCannotWriteAroundAKeptPart() throws {
        let generator = ScoreGenerator(model: try TestModels.randomModel())
        #expect(throws: GenerationError.self) {
            try generator.generate(GenerationJob(score: TestModels.seed, range: 0..<16, controls: controls(), keptParts: [0]))
        }
        do {
            _ = try generator.generate(GenerationJob(score: TestModels.seed, range: 0..<16, controls: controls(), keptParts: [0]))
        } catch {
            #expect(error.description.contains("this model writes one voice"))
        }
    }
}

/// A role's polyphony holds whatever the model would like: a voice sings one note at a time.
@Test func eachVoiceSingsOneNoteAtATimeWhenItsRoleSaysSo() throws {
    let model = try TestModels.randomPartsModel(anticipation: 0)
    var encoding = model.encoding
    encoding.parts = encoding.parts.map { PartRole($0.name, program: $0.program, polyphony: 1) }
    let voices = try NeuraModel(name: "mono", url: nil, parameters: model.parameters, encoding: encoding, trainingRecord: nil)
    var controls = GenerationControls()
    controls.variations = 4
    controls.temperature = 2
    let result = try ScoreGenerator(model: voices).generate(GenerationJob(score: Score(), range: 0..<64, controls: controls))
    for variation in result.variations {
        #expect(!variation.notes.isEmpty)
        for part in 0..<4 {
            let line = variation.notes.map(\.note).filter { $0.part == part }.sorted { $0.start < $1.start }
            for (earlier, later) in zip(line, line.dropFirst()) { #expect(earlier.end <= later.start, "part \(part)") }
        }
    }
}
