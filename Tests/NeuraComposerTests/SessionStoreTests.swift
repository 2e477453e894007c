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
}
