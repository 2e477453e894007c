import Foundation
import NeuraLSTM
import NeuraMetrics
import NeuraMusic
import Testing
@testable import NeuraCore

/// The fields NeuraScore adds to a model's training record after training: the measured
/// sampling defaults and the reference figures of its corpus.
@Suite struct ModelRecordTests {
    /// A small model written in half precision with a record, as a user's file arrives.
    private func halfPrecisionModel(record: String? = #"{"corpus":["corpus/chorales/train"],"steps":3}"#) throws -> URL {
        var rng = SplitMix64(seed: 5)
        let config = try LSTMConfig(vocabularySize: TestModels.encoding.vocabularySize, embeddingSize: 6, hiddenSize: 8, layers: 1)
        let model = try NeuraModel(
            name: "m", url: nil, parameters: LSTMParameters(config: config, rng: &rng), encoding: TestModels.encoding,
            trainingRecord: record)
        let url = TestModels.temporaryURL("m.safetensors")
        try model.write(to: url, halfPrecision: true)
        return url
    }

    static func repositoryFile(_ relativePath: String, from filePath: String = #filePath) -> URL {
        var directory = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while directory.path != "/",
              !FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent(relativePath)
    }

    @Test func samplingDefaultsGoInAndComeOutWithEverythingElseKept() throws {
        let url = try halfPrecisionModel()
        let before = try NeuraModel.load(contentsOf: url)
        let size = { (try FileManager.default.attributesOfItem(atPath: url.path))[.size] as? Int ?? 0 }
        let sizeBefore = try size()
        #expect(try before.samplingDefaults() == nil)

        let defaults = SamplingDefaults(temperature: 0.9, topP: 0.95, note: "sweep on chorales/valid")
        try NeuraModel.recordSamplingDefaults(defaults, inModelAt: url)
        let after = try NeuraModel.load(contentsOf: url)
        #expect(try after.samplingDefaults() == defaults)
        #expect(after.parameters.values == before.parameters.values)
        #expect(after.encoding == before.encoding)
        #expect(after.trainingRecordFields?["steps"] as? Int == 3)
        #expect(after.trainingRecordFields?["corpus"] as? [String] == ["corpus/chorales/train"])
        #expect(try size() - sizeBefore < 200, "still half precision: only the record grew")

        try NeuraModel.recordSamplingDefaults(SamplingDefaults(temperature: 1.1, topP: nil), inModelAt: url)
        #expect(try NeuraModel.load(contentsOf: url).samplingDefaults() == SamplingDefaults(temperature: 1.1, topP: nil))
        #expect(try NeuraModel.load(contentsOf: url).trainingRecord?.contains(#""topP":null"#) == true)

        try NeuraModel.recordSamplingDefaults(nil, inModelAt: url)
        let cleared = try NeuraModel.load(contentsOf: url)
        #expect(try cleared.samplingDefaults() == nil)
        #expect(cleared.trainingRecordFields?["steps"] as? Int == 3)
    }

    /// BF16, which NeuraScore never writes itself (PyTorch's `.bfloat16()` does), stays BF16.
    @Test func aBFloat16FileKeepsItsDtypeAndBytes() throws {
        let url = try halfPrecisionModel()
        let file = try SafeTensors.read(contentsOf: url)
        try SafeTensors.write(file, dtype: .bf16, to: url)
        let before = try Data(contentsOf: url)
        let dataBytes = 2 * (try NeuraModel.load(contentsOf: url)).parameters.values.count
        try NeuraModel.recordSamplingDefaults(SamplingDefaults(temperature: 0.8, topP: nil), inModelAt: url)
        let after = try Data(contentsOf: url)
        #expect(after.count > before.count)
        #expect(after.suffix(dataBytes) == before.suffix(dataBytes))
        #expect(String(decoding: after.prefix(2000), as: UTF8.self).contains("\"BF16\""))
        #expect(try NeuraModel.load(contentsOf: url).samplingDefaults()?.temperature == 0.8)
    }

    @Test func aModelWithoutARecordGetsOne() throws {
        let url = try halfPrecisionModel(record: nil)
        try NeuraModel.recordSamplingDefaults(SamplingDefaults(temperature: 0.8, topP: 0.9), inModelAt: url)
        #expect(try NeuraModel.load(contentsOf: url).samplingDefaults()?.topP == 0.9)
    }

    @Test func defaultsOutsideTheSamplersLimitsAreRefusedBothWays() throws {
        let url = try halfPrecisionModel()
        #expect(throws: ModelError.self) {
            try NeuraModel.recordSamplingDefaults(SamplingDefaults(temperature: 9, topP: nil), inModelAt: url)
        }
        #expect(throws: ModelError.self) {
            try NeuraModel.recordSamplingDefaults(SamplingDefaults(temperature: 1, topP: 0), inModelAt: url)
        }
        // A record written by hand with a temperature the sampler refuses names the file and the key.
        let bad = try halfPrecisionModel(record: #"{"samplingDefaults":{"temperature":9,"topP":null}}"#)
        do {
            _ = try NeuraModel.load(contentsOf: bad).samplingDefaults()
            Issue.record("a temperature of 9 was accepted")
        } catch {
            #expect(error.description.contains(bad.path))
            #expect(error.description.contains("samplingDefaults"))
            #expect(error.description.contains("temperature"))
        }
        let malformed = try halfPrecisionModel(record: #"{"samplingDefaults":{"topP":0.9}}"#)
        #expect(throws: ModelError.self) { _ = try NeuraModel.load(contentsOf: malformed).samplingDefaults() }
    }

    @Test func aRecordThatIsNotAnObjectIsNotOverwritten() throws {
        let url = try halfPrecisionModel(record: "trained by hand")
        #expect(throws: ModelError.self) {
            try NeuraModel.recordSamplingDefaults(SamplingDefaults(temperature: 1, topP: nil), inModelAt: url)
        }
        #expect(try NeuraModel.load(contentsOf: url).trainingRecord == "trained by hand")
    }

    @Test func appliedDefaultsLeaveWhatTheUserChose() {
        var controls = GenerationControls()
        controls.temperature = 1.3
        controls.topP = nil
        let defaults = SamplingDefaults(temperature: 0.9, topP: 0.95)
        let neither = defaults.applied(to: controls, keepingTemperature: false, keepingTopP: false)
        #expect(neither.temperature == 0.9 && neither.topP == 0.95)
        let temperature = defaults.applied(to: controls, keepingTemperature: true, keepingTopP: false)
        #expect(temperature.temperature == 1.3 && temperature.topP == 0.95)
        let topP = defaults.applied(to: controls, keepingTemperature: false, keepingTopP: true)
        #expect(topP.temperature == 0.9 && topP.topP == nil)
        #expect(defaults.summary == "temperature 0.90, top-p 0.95")
        #expect(SamplingDefaults.commandLine.summary == "temperature 1.00, top-p off")
    }

    @Test func referenceFiguresRoundTripWithoutTheGrooveConsistency() throws {
        let chorale = Self.repositoryFile("Tests/NeuraMusicTests/Fixtures/midi/music21-bwv66.6.mid")
        let measured = MeasuredSet.measure([chorale])
        let figures = ReferenceFigures(label: "chorales", corpus: [chorale.path], measured: measured)
        #expect(figures.summary.pieceCount == 1)
        #expect(figures.summary.muspy["grooveConsistency"] == nil)
        #expect(figures.summary.muspy["scaleConsistency"]?.count == 1)
        #expect(figures.neurascoreVersion == neuraScoreVersion)

        let url = try halfPrecisionModel()
        try NeuraModel.recordSamplingDefaults(SamplingDefaults(temperature: 0.9, topP: nil), inModelAt: url)
        try NeuraModel.recordReferenceFigures(figures, inModelAt: url)
        let model = try NeuraModel.load(contentsOf: url)
        #expect(try model.referenceFigures() == figures)
        #expect(try model.samplingDefaults()?.temperature == 0.9, "one field does not disturb another")
    }

    @Test func aCorpusIsNamedAfterItsMusicNotItsSplit() {
        #expect(ReferenceFigures.label(for: ["corpus/chorales/train"]) == "chorales")
        #expect(ReferenceFigures.label(for: ["/work/corpus/folk/train/", "/work/corpus/folk/valid"]) == "folk")
        #expect(ReferenceFigures.label(for: ["data/jsb.mid"]) == "jsb")
        #expect(ReferenceFigures.label(for: ["c/chorales/train", "c/folk/train"]) == "chorales + folk")
    }

    @Test func aSpreadJudgesByPercentiles() {
        let spread = ReferenceSpread(p5: 0.88, p25: 0.91, median: 0.94, p75: 0.96, p95: 0.98, pieces: 41)
        #expect(spread.standing(of: 0.94) == .typical)
        #expect(spread.standing(of: 0.91) == .typical)
        #expect(spread.standing(of: 0.89) == .usual)
        #expect(spread.standing(of: 0.87) == .low)
        #expect(spread.standing(of: 0.99) == .high)
        #expect(spread.standing(of: 0.99).isFarOff && !spread.standing(of: 0.89).isFarOff)
        // No spread at all (every tune is one voice): only the value itself is typical.
        let flat = ReferenceSpread(p5: 1, p25: 1, median: 1, p75: 1, p95: 1, pieces: 200)
        #expect(flat.standing(of: 1) == .typical)
        #expect(flat.standing(of: 1.5) == .high)
    }

    /// A C major scale in quarter notes, one voice: every figure worked out by hand.
    @Test func aTakeIsMeasuredAsMetricsMeasuresItsFile() throws {
        let scale = [60, 62, 64, 65, 67, 69, 71, 72]
        let take = Score(notes: scale.enumerated().map { Note(pitch: $1, start: 4 * $0, length: 4) })
        let reference = ReferenceFigures(
            label: "chorales", corpus: [],
            measured: MeasuredSet.measure([Self.repositoryFile("Tests/NeuraMusicTests/Fixtures/midi/music21-bwv66.6.mid")]))
        let evaluation = try TakeEvaluation(take: take, reference: reference, model: "chorale")
        #expect(evaluation.referenceLabel == "chorales")
        #expect(evaluation.referencePieces == 1)
        #expect(evaluation.noteCount == 8 && evaluation.bars == 2)
        let byKey = Dictionary(uniqueKeysWithValues: evaluation.figures.map { ($0.key, $0) })
        #expect(byKey["muspy.scaleConsistency"]?.value == 1)
        // C twice, six other pitch classes once: 2/8 · 2 + 6 · 1/8 · 3 bits.
        #expect(abs((byKey["muspy.pitchClassEntropy"]?.value ?? 0) - 2.75) < 1e-12)
        #expect(byKey["muspy.polyphony"]?.value == 1)
        #expect(byKey["muspy.pitchRange"]?.value == 12)
        #expect(byKey["mgeval.averageInterOnsetInterval"]?.value == 1)
        // One chorale is its own spread: four voices sound together, one voice is far below.
        #expect(byKey["muspy.polyphony"]?.standing == .low)
        #expect(byKey["muspy.pitchRange"]?.reference?.pieces == 1)
        // A melody has no part-writing, but the chorale does: shown, with no value to judge.
        #expect(byKey["harmony.parallelFifthsPer100ChordChanges"]?.value == nil)
        #expect(byKey["harmony.parallelFifthsPer100ChordChanges"]?.standing == .unjudged)

        let alone = try TakeEvaluation(take: take, reference: nil, model: "chorale")
        #expect(alone.referenceLabel == nil)
        #expect(alone.figures.allSatisfy { $0.reference == nil && $0.standing == .unjudged && $0.value != nil })
        #expect(!alone.figures.contains { $0.key.hasPrefix("harmony.") })
    }
}
