/// SwiftPM links a debug executable with `main` renamed to `<target>_main` and expects the
/// module to define that; a `-parse-as-library` harness defines none, so each target defines
/// it with `@_cdecl` and hands over to libFuzzer's driver (libFuzzer's own `main` does the same).
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

public typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>, Int) -> CInt

public func runFuzzer(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ callback: FuzzCallback
) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments, callback)
}
