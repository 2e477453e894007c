import FuzzSupport
import NeuraComposer

/// Any text as a theme file: the parser returns a theme or a `ThemeError` naming the line.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTheme(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    _ = try? Theme.parse(text, file: "fuzz.toml")
    return 0
}

@_cdecl("fuzz_theme_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzTheme)
}
