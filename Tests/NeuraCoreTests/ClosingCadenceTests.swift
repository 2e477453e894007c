import NeuraLSTM
import NeuraMetrics
import NeuraMusic
import Testing
@testable import NeuraCore

/// `--cadence tonic`: a piece with a set end closes on the tonic chord, every voice singing it,
/// the tonic in the bass. The sampler's masks make it so whatever the model's weights, so an
/// untrained model is enough here; the CLI tests run the bundled model.
@Suite struct ClosingCadenceTests {
    static let aMinor = Scale.key(tonic: 9, minor: true)

    /// One 4/4 bar of an A minor chord in four voices.
    static let seed = Score(
        notes: [Note(pitch: 69, start: 0, length: 16, part: 0), Note(pitch: 64, start: 0, length: 16, part: 1),
                Note(pitch: 60, start: 0, length: 16, part: 2), Note(pitch: 45, start: 0, length: 16, part: 3)],
        parts: TestModels.satb.map { Part(name: $0.name) })

    func job(_ score: Score = seed, range: Range<Int> = 16..<64, variations: Int = 3, rng: UInt64 = 5) -> GenerationJob {
        var controls = GenerationControls()
        controls.rngSeed = rng
        controls.variations = variations
        return GenerationJob(score: score, range: range, controls: controls, ending: .atRangeEnd)
    }

    /// The four-part test model with voices that sing one note at a time, as the chorale model's do.
    func voicesModel(anticipation: Int) throws -> NeuraModel {
        let model = try TestModels.randomPartsModel(anticipation: anticipation)
        var encoding = model.encoding
        encoding.parts = encoding.parts.map { PartRole($0.name, program: $0.program, polyphony: 1) }
        return try NeuraModel(name: "voices", url: nil, parameters: model.parameters, encoding: encoding, trainingRecord: nil)
    }

    @Test(arguments: [0, 8])
    func aContinuationClosesOnTheTonicChordSungByEveryVoice(anticipation: Int) throws {
        let generator = ScoreGenerator(model: try voicesModel(anticipation: anticipation))
        for rng in [UInt64(1), 2] {
            let result = try generator.generate(job(rng: rng))
            for index in result.variations.indices {
                let score = result.score(variation: index)
                let close = score.notes.filter { $0.start <= 63 && $0.end > 63 }
                #expect(Set(close.map(\.part)) == [0, 1, 2, 3], "every voice sings the closing chord: \(close)")
                #expect(close.allSatisfy { [9, 0, 1, 4].contains($0.pitch % 12) }, "\(close)")
                #expect(close.filter { $0.part == 3 }.map { $0.pitch % 12 } == [9], "\(close)")
                #expect(close.allSatisfy { $0.end == 64 })
                #expect(score.notes.allSatisfy { $0.start <= 56 }, "nothing starts inside the last half bar")
                let finalChord = try #require(FinalChord(of: score))
                #expect(finalChord.rootPitchClass == 9 && finalChord.bassPitchClass == 9, "\(close)")
            }
        }
    }

    /// Each variation's ending is the best of several sampled candidates; the notes streamed to
    /// the composer are exactly the take's, each once, and the progress reaches the end.
    @Test func theStreamedNotesAreTheChosenEnding() throws {
        let generator = ScoreGenerator(model: try TestModels.randomPartsModel(anticipation: 0))
        var streamed: [Int: [Note]] = [:]
        var finished: Set<Int> = []
        let result = try generator.generate(job(variations: 2), onEvent: { event in
            switch event {
            case .note(let variation, let note): streamed[variation, default: []].append(note.note)
            case .progress(let variation, let step, let total) where step == total: finished.insert(variation)
            default: break
            }
        })
        for index in result.variations.indices {
            #expect(streamed[index] == result.variations[index].notes.map { $0.note })
        }
        #expect(finished == [0, 1])
        // The same take again: the choice among candidates is reproducible.
        let again = try generator.generate(job(variations: 2))
        #expect(again.variations.map { $0.tokens } == result.variations.map { $0.tokens })
    }

    @Test func aFreeCadenceLeavesTheCloseToTheModel() throws {
        var free = job()
        free.controls.cadence = .free
        #expect(ClosingCadence.plan(job: free, encoding: TestModels.partsEncoding(anticipation: 0), keptNotes: [], following: []) == nil)
        var open = job()
        open.ending = .open
        #expect(ClosingCadence.plan(job: open, encoding: TestModels.partsEncoding(anticipation: 0), keptNotes: [], following: []) == nil)
    }

    @Test(arguments: [(4, 4, 8), (3, 4, 8), (2, 4, 4), (6, 8, 6)])
    func theCloseHoldsTheLastHalfBarInWholeBeats(numerator: Int, denominator: Int, steps: Int) throws {
        var score = Self.seed
        score.timeSignature = TimeSignature(numerator, denominator)
        let bar = score.stepsPerBar
        let plan = try #require(ClosingCadence.plan(
            job: job(score, range: bar..<(4 * bar)), encoding: TestModels.partsEncoding(anticipation: 0), keptNotes: [], following: []))
        #expect(plan.end == 4 * bar && plan.start == 4 * bar - steps)
        #expect(plan.approach == plan.start - score.stepsPerQuarter * 4 / denominator, "a beat before the close")
        #expect(plan.key == Self.aMinor, "the key is estimated from the notes where the job names none")
        #expect(plan.bassPart == 3)
    }

    /// A harmonised melody closes on its last note when that note belongs to the tonic chord; a
    /// melody ending elsewhere (a half close) is left to the model.
    @Test func aMelodyClosesOnItsLastNoteOnlyOnTheTonicChord() throws {
        let encoding = TestModels.partsEncoding(anticipation: 0)
        var melody = TestModels.melody
        melody.notes = [72, 74, 76, 79].enumerated().map { Note(pitch: $1, start: 4 * $0, length: 4, part: 0) }
        var harmonize = job(melody, range: 0..<16)
        harmonize.keptParts = [0]
        harmonize.key = Scale.key(tonic: 0, minor: false)
        let plan = try #require(ClosingCadence.plan(job: harmonize, encoding: encoding, keptNotes: melody.notes, following: []))
        #expect(plan.start == 12 && plan.end == 16 && plan.approach == 8)
        melody.notes[3].pitch = 71
        harmonize.score = melody
        #expect(ClosingCadence.plan(job: harmonize, encoding: encoding, keptNotes: melody.notes, following: []) == nil)
    }

    @Test func aMinorCloseMayTakeEitherThird() {
        let close = ClosingCadence(key: Self.aMinor, start: 0, end: 8, approach: 0, encoding: TestModels.partsEncoding(anticipation: 0))
        #expect(close.allows(72, part: 0, lowestInPart: true) && close.allows(73, part: 0, lowestInPart: true))
        #expect(!close.allows(71, part: 0, lowestInPart: true))
        #expect(close.allows(45, part: 3, lowestInPart: true) && !close.allows(52, part: 3, lowestInPart: true))
        #expect(close.allows(52, part: 3, lowestInPart: false), "above the bass note, any chord tone")
        #expect(close.allows(45, part: 3, lowestInPart: true, othersFrom: 57))
        #expect(!close.allows(57, part: 3, lowestInPart: true, othersFrom: 52), "the bass is the lowest note")
        #expect(close.floor == 45 && !close.allows(40, part: 2, lowestInPart: true), "nothing below the lowest tonic but the bass")
        #expect(close.mayHold(64, part: 1) && !close.mayHold(45, part: 3), "the bass is written at the close")
    }
}
