import NeuraMetrics
import NeuraMusic
import Testing

@Suite struct KeyFinderTests {
    @Test func theMajorScaleIsCMajorWithTheRelativeMinorRunnerUp() throws {
        let estimate = try #require(KeyFinder.estimate(pitchClassWeights: [1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1]))
        #expect(estimate.key.description == "C major")
        #expect(estimate.runnerUp.description == "A minor")
        // NumPy's corrcoef of the same vectors.
        #expect(abs(estimate.correlation - 0.7564070930899863) < 1e-12)
        #expect(abs(estimate.runnerUpCorrelation - 0.712127265439587) < 1e-12)
    }

    @Test func durationsDecide() throws {
        // A harmonic-minor line on A, its tonic and dominant held longest.
        let pitches = [57, 59, 60, 62, 64, 65, 68, 69, 64, 57]
        let lengths = [8, 1, 2, 1, 6, 1, 2, 8, 4, 8]
        let notes = zip(pitches, lengths).reduce(into: [Note]()) { notes, pair in
            notes.append(Note(pitch: pair.0, start: notes.last?.end ?? 0, length: pair.1))
        }
        let estimate = try #require(KeyFinder.estimate(notes: notes))
        #expect(estimate.key.description == "A minor")
        #expect(estimate.key.isMinorKey)
    }

    @Test func noNotesOrEqualWeightsHaveNoKey() {
        #expect(KeyFinder.estimate(notes: [Note]()) == nil)
        #expect(KeyFinder.estimate(pitchClassWeights: [Double](repeating: 2, count: 12)) == nil)
        #expect(KeyFinder.estimate(pitchClassWeights: [1, 2, 3]) == nil)
    }

    @Test func aChoraleInFSharpMinorIsFoundSo() throws {
        let (score, _) = try ScoreFile.load(contentsOf: MetricsFixtures.musicMIDI("music21-bwv66.6.mid"))
        #expect(KeyFinder.estimate(notes: score.notes)?.key.description == "F# minor")
    }

    @Test func theKeySignatureWinsWhereTheFileHasOne() throws {
        // BWV 347 is in A major by its signature; it dwells on E enough to fool the profiles.
        let (score, _) = try ScoreFile.load(contentsOf: MetricsFixtures.ownMIDI("music21-bwv347.mid"))
        #expect(KeyFinder.key(of: score, keySignatureIsKnown: true)?.description == "A major")
        #expect(KeyFinder.key(of: score, keySignatureIsKnown: false)?.description == "E major")
    }

    @Test func keySignaturesNameTheirTonic() {
        #expect(KeySignature(sharps: 3, isMinor: true).scale.description == "F# minor")
        #expect(KeySignature(sharps: -2).scale.description == "A# major")
        #expect(KeySignature(sharps: -3, isMinor: true).tonicPitchClass == 0)
    }

    /// Every major and minor key goes to a signature and back, spelled with at most five flats
    /// or six sharps.
    @Test func everyKeyHasASignatureThatNamesIt() {
        for minor in [false, true] {
            for tonic in 0..<12 {
                let key = Scale.key(tonic: tonic, minor: minor)
                let signature = KeySignature(key: key)
                #expect(signature.scale == key)
                #expect((-5...6).contains(signature.sharps))
            }
        }
        #expect(KeySignature(key: .key(tonic: 2, minor: false)) == KeySignature(sharps: 2))
        #expect(KeySignature(key: .key(tonic: 5, minor: true)) == KeySignature(sharps: -4, isMinor: true))
    }
}
