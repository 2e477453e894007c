import Foundation
import FuzzSupport
import NeuraComposer

/// Any bytes as `session.json`: the store restores a session or names the damage. A session it
/// restores must lay out, render and take edits like one the composer saved itself.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSession(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Data(bytes: data, count: count)
    let session: ComposerSession
    do {
        session = try SessionStore.decode(bytes, path: "session.json")
    } catch {
        guard case .damaged = error else { fatalError("decoding failed with something other than damage: \(error)") }
        return 0
    }
    var state = ComposerState(restoring: session, viewSize: TerminalSize(columns: 100, rows: 30))
    _ = render(state, size: state.viewSize, options: RenderOptions(unicode: true))
    for key: Key in [.enter, .right, .character(">"), .character("x"), .character("u"), .character("v"), .right, .character("+")] {
        _ = reduce(&state, .key(key))
    }
    _ = render(state, size: TerminalSize(columns: 40, rows: 10), options: RenderOptions(unicode: false))
    return 0
}

@_cdecl("fuzz_session_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzSession)
}
