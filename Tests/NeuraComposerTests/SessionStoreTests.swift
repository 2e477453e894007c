import Foundation
import NeuraCore
import NeuraMusic
import Testing
@testable import NeuraComposer

@Suite struct SessionStoreTests {
    func temporaryStore() throws -> SessionStore {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("neurascore-session-\(UUID().uuidString)")
        return SessionStore(path: directory.appendingPathComponent("neurascore/session.json").path)
    }

    @Test func saveThenLoadRestoresTheWork() throws {
        let store = try temporaryStore()
        var state = ComposerState()
        press([.character("i")] + keys("zxc") + [.escape] + keys("]:seed 9") + [.enter, .up], into: &state)
        state.document.variations = [Variation(notes: [SampledNote(note: Note(pitch: 67, start: 12, length: 4))],
                                               entropyByStep: [12: 1.5])]
        try store.save(state.session)
        guard case .restored(let session) = try store.load() else {
            Issue.record("the session did not come back")
            return
        }
        let restored = ComposerState(restoring: session, viewSize: state.viewSize)
        #expect(restored.document == state.document)
        #expect(restored.parameters == state.parameters)
        #expect(restored.cursor == state.cursor)
        #expect(restored.undoStack == state.undoStack)
        var undone = restored
        press(keys("u"), into: &undone)
        #expect(undone.document.score.notes.count == 2)
    }

    @Test func undoStepsKeepTheirLabelsAndOlderSessionsWithoutThemStillLoad() throws {
        var state = ComposerState()
        press([.character("i")] + keys("zx") + [.escape], into: &state)
        let encoded = try JSONEncoder().encode(state.session)
        let session = try JSONDecoder().decode(ComposerSession.self, from: encoded)
        #expect(session.undoStack.map(\.label) == ["add C4", "add D4"])

        // Before labels, the undo history was a list of bare documents.
        var object = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        let steps = try #require(object["undoStack"] as? [[String: Any]])
        object["undoStack"] = steps.map { $0["document"] as Any }
        let older = try JSONDecoder().decode(ComposerSession.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(older.undoStack.map(\.document) == session.undoStack.map(\.document))
        #expect(older.undoStack.allSatisfy { $0.label == nil })
        var restored = ComposerState(restoring: older, viewSize: state.viewSize)
        press(keys("u"), into: &restored)
        #expect(restored.message?.text == "undid: add 1 note")
    }

    @Test func noFileMeansNoSession() throws {
        #expect(try temporaryStore().load() == .noSession)
    }

    @Test func aDamagedFileIsMovedAsideWithAReason() throws {
        let store = try temporaryStore()
        try store.save(ComposerState().session)
        let text = try String(contentsOfFile: store.path, encoding: .utf8)
        try String(text.prefix(text.count / 2)).write(toFile: store.path, atomically: false, encoding: .utf8)
        guard case .movedAside(let movedTo, let problem) = try store.load() else {
            Issue.record("a damaged file was not moved aside")
            return
        }
        #expect(problem.contains("not valid session JSON"))
        #expect(FileManager.default.fileExists(atPath: movedTo))
        #expect(!FileManager.default.fileExists(atPath: store.path))
        #expect(try store.load() == .noSession)
    }

    @Test func impossibleValuesCountAsDamage() throws {
        let store = try temporaryStore()
        var state = ComposerState()
        press([.enter], into: &state)
        var session = state.session
        session.document.score.notes[0].pitch = 300
        try store.save(session)
        guard case .movedAside(_, let problem) = try store.load() else {
            Issue.record("an out-of-range pitch was accepted")
            return
        }
        #expect(problem.hasPrefix("bad value: note"))
    }

    @Test func savingLeavesNoTemporaryFilesBehind() throws {
        let store = try temporaryStore()
        for _ in 0..<3 { try store.save(ComposerState().session) }
        let directory = (store.path as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["session.json"])
    }

    @Test func aSessionFileOverTheSizeLimitIsMovedAsideUnread() throws {
        let store = try temporaryStore()
        try store.save(ComposerState().session)
        // Sparse, so the test writes nothing: the size alone must refuse it.
        let handle = try #require(FileHandle(forWritingAtPath: store.path))
        try handle.truncate(atOffset: UInt64(SessionStore.maximumFileSize) + 1)
        try handle.close()
        guard case .movedAside(let movedTo, let problem) = try store.load() else {
            Issue.record("an oversized session was not moved aside")
            return
        }
        #expect(problem.contains("over the 64 MiB limit"))
        try? FileManager.default.removeItem(atPath: movedTo)
    }

    @Test func theSessionFileIsPrivateToItsOwner() throws {
        let store = try temporaryStore()
        try store.save(ComposerState().session)
        let attributes = try FileManager.default.attributesOfItem(atPath: store.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func decodingNamesTheDamageWithoutTouchingTheDisk() {
        #expect(throws: SessionError.damaged(path: "s.json", problem: "bad value: version 7, expected 1")) {
            var session = ComposerState().session
            session.version = 7
            let encoder = JSONEncoder()
            _ = try SessionStore.decode(try encoder.encode(session), path: "s.json")
        }
    }

    /// A session autosaved before parts, mute and solo, `:end` and harmonising, byte for byte as
    /// that composer wrote it (three notes, a take, `:program seed 19`, `:program gen 40`).
    static let sessionBeforeParts = #"""
{"cursor":{"pitch":64,"step":12},"document":{"currentVariation":0,"regeneratedRange":[12,28],"score":{"drums":[],"keySignature":{"isMinor":false,"sharps":0},"length":12,"notes":[{"length":4,"part":0,"pitch":60,"start":0,"velocity":90},{"length":4,"part":0,"pitch":62,"start":4,"velocity":90},{"length":4,"part":0,"pitch":64,"start":8,"velocity":90}],"parts":[],"stepsPerQuarter":4,"tempo":120,"timeSignature":{"denominator":4,"numerator":4}},"variations":[{"entropyByStep":{"12":1.5},"notes":[{"alternatives":[{"part":0,"pitch":67,"probability":0.7},{"part":0,"pitch":69,"probability":0.2}],"note":{"length":4,"part":0,"pitch":67,"start":12,"velocity":90}}]}]},"isDirty":true,"noteLength":4,"parameters":{"controls":{"firstVariation":0,"loopGuard":"warn","repetitionPenalty":1,"rngSeed":42,"temperature":1,"topP":0.95,"variations":3},"lengthBars":4},"playback":{"generatedProgram":40,"loops":false,"seedProgram":19},"redoStack":[],"themeName":"dark","undoStack":[{"document":{"currentVariation":0,"score":{"drums":[],"keySignature":{"isMinor":false,"sharps":0},"length":0,"notes":[],"parts":[],"stepsPerQuarter":4,"tempo":120,"timeSignature":{"denominator":4,"numerator":4}},"variations":[]},"label":"add C4"},{"document":{"currentVariation":0,"score":{"drums":[],"keySignature":{"isMinor":false,"sharps":0},"length":4,"notes":[{"length":4,"part":0,"pitch":60,"start":0,"velocity":90}],"parts":[],"stepsPerQuarter":4,"tempo":120,"timeSignature":{"denominator":4,"numerator":4}},"variations":[]},"label":"add D4"},{"document":{"currentVariation":0,"score":{"drums":[],"keySignature":{"isMinor":false,"sharps":0},"length":8,"notes":[{"length":4,"part":0,"pitch":60,"start":0,"velocity":90},{"length":4,"part":0,"pitch":62,"start":4,"velocity":90}],"parts":[],"stepsPerQuarter":4,"tempo":120,"timeSignature":{"denominator":4,"numerator":4}},"variations":[]},"label":"add E4"}],"version":1}
"""#

    @Test func aSessionSavedBeforePartsOpensWithItsSoundsGivenToItsParts() throws {
        let store = try temporaryStore()
        try FileManager.default.createDirectory(
            atPath: (store.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(Self.sessionBeforeParts.utf8).write(to: URL(fileURLWithPath: store.path))
        guard case .restored(let session) = try store.load() else {
            Issue.record("the old session did not come back")
            return
        }
        var state = ComposerState(restoring: session, viewSize: TerminalSize(columns: 80, rows: 24))
        #expect(seedNotes(state) == [[60, 0, 4], [62, 4, 4], [64, 8, 4]])
        #expect(state.currentPart == 0)
        // One program sounded all of your notes: now it is the part's own; the take keeps its own.
        #expect(state.document.parts == [Part(name: "Part 1", program: 19)])
        #expect(state.playback.takeProgram == 40)
        #expect(state.exportedTake.generated.map(\.pitch) == [67])
        #expect(state.document.current?.notes.first?.alternatives.map(\.part) == [0, 0])
        #expect(state.document.keptParts.isEmpty)
        #expect(state.parameters.end == .open)
        // It edits, undoes, and saves again in the new form, which reads back the same.
        press(keys("u"), into: &state)
        #expect(state.message?.text == "undid: add E4")
        #expect(state.document.parts == [Part(name: "Part 1", program: 19)])
        try store.save(state.session)
        guard case .restored(let again) = try store.load() else {
            Issue.record("the saved session did not come back")
            return
        }
        let reread = ComposerState(restoring: again, viewSize: state.viewSize)
        #expect(reread.document == state.document)
        #expect(reread.playback == state.playback)
    }
}
