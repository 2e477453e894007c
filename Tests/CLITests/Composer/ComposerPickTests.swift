import Foundation
import NeuraComposer
import NeuraCore
import NeuraMusic
import Testing

/// The model's view in the real composer with the bundled model: pick an alternative at the
/// default temperature and RNG seed, write the take, and find the pick and, after it, exactly
/// what `neurascore generate` samples from the kept context plus the pick.
@Suite(.enabled(if: Tmux.isInstalled, "tmux is not installed"), .serialized)
struct ComposerPickTests {
    @Test func aPickedAlternativeIsWrittenWithTheResampledNotesAfterIt() throws {
        let harness = try ComposerHarness(bundledModels: true)
        defer { harness.cleanUp() }
        let tmux = harness.tmux
        let output = harness.file("picked.mid")

        // The same keys in-process tell where the composer's cursor is and what it will sample.
        let model = try ModelViewTests()
        var state = try model.openedComposer()
        let (_, range, original, digit, pick) = try model.generateAndChooseAPick(on: &state, from: 0.5)

        try harness.launch("--new")
        try tmux.keys("i", "z", "x", "c", "v", "Escape")
        try tmux.keys("{", "{")
        try tmux.waitFor("len 2 bars")
        try tmux.keys("g")
        try tmux.waitFor("variations: Tab cycles", timeout: 120)
        let across = original.note.start - state.cursor.step
        let up = original.note.pitch - state.cursor.pitch
        for _ in 0..<abs(across) { try tmux.keys(across > 0 ? "l" : "h") }
        for _ in 0..<abs(up) { try tmux.keys(up > 0 ? "k" : "j") }
        try tmux.keys("o")
        try tmux.waitFor("model's choices")
        try tmux.keys("\(digit)")
        try tmux.waitFor("picked \(PitchName.name(of: pick.pitch)), resampled bars", timeout: 120)
        try tmux.command(":w \(output.path)")
        try tmux.waitFor("wrote", file: output)
        try tmux.command(":q")
        try tmux.waitForExit()

        // The take comes on tracks of its own ("Alto (NeuraScore)"); heard as the composer heard
        // it, each is the part of its name, the soprano's the typed seed's part.
        let score = Self.takeInItsParts(try ScoreFile.load(contentsOf: output).score)
        let written = score.notes
        let writtenPick = try #require(written.first { $0.pitch == pick.pitch && $0.start == pick.start && $0.length == pick.length })
        let kept = ModelViewTests.heardBefore(writtenPick, in: written) + [writtenPick]
        let after = written.filter { !kept.contains($0) }
        let expected = try ModelViewTests.generateFromPick(
            context: kept, parts: score.parts, range: pick.start..<range.upperBound, variation: 0, controls: state.parameters.controls,
            folder: harness.folder)
        #expect(!expected.isEmpty)
        #expect(ModelViewTests.shape(after) == ModelViewTests.shape(expected))
    }

    static func takeInItsParts(_ score: Score) -> Score {
        var parts: [Part] = []
        var index: [String: Int] = [:]
        let filed = score.parts.map { part -> Int in
            var base = part
            if base.name.hasSuffix(ExportOptions.generatedTrackSuffix) { base.name.removeLast(ExportOptions.generatedTrackSuffix.count) }
            if let existing = index[base.name] { return existing }
            parts.append(base)
            index[base.name] = parts.count - 1
            return parts.count - 1
        }
        var merged = score
        merged.parts = parts
        merged.notes = score.notes.map { note in
            var moved = note
            moved.part = filed[note.part]
            return moved
        }
        return merged
    }
}
