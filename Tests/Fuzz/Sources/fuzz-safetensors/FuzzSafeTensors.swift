import FuzzSupport
import NeuraLSTM

/// Any bytes: the safetensors reader and the model validation return a model or a typed
/// error, and never allocate from a length the file only claims.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafeTensors(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    guard let file = try? SafeTensors.read(bytes: bytes, source: "fuzz.safetensors") else { return 0 }
    guard let model = try? LSTMModelFile(validating: file, source: "fuzz.safetensors") else { return 0 }
    // A model that validates must write back and read back as the same model.
    do {
        let rewritten = try SafeTensors.encode(model.safeTensorsFile, dtype: .f32)
        let again = try LSTMModelFile(
            validating: SafeTensors.read(bytes: rewritten, source: "rewritten.safetensors"), source: "rewritten.safetensors")
        precondition(again.config == model.config, "the rewritten model has another shape")
    } catch {
        fatalError("a validated model does not write and read back: \(error)")
    }
    return 0
}


@_cdecl("fuzz_safetensors_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzSafeTensors)
}
