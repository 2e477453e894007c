import FuzzSupport
import NeuraComposer

/// Any text typed after `:`: the parser returns a command or a `CommandError`, and whatever it
/// accepts the reducer carries out without trapping, leaving a screen that still renders.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCommand(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    guard (try? Command.parse(text)) != nil else { return 0 }
    var state = ComposerState()
    _ = reduce(&state, .key(.character(":")))
    for character in text where character != "\n" && character != "\r" {
        _ = reduce(&state, .key(.character(character)))
    }
    _ = reduce(&state, .key(.enter))
    _ = render(state, size: state.viewSize, options: RenderOptions(unicode: true))
    return 0
}

@_cdecl("fuzz_command_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzCommand)
}
