import FuzzSupport
import NeuraMusic

/// Any bytes: the reader returns a file or a typed error. A file it accepts must survive
/// everything `info`, `quantize` and `encode` do next, and what the writer makes of it must
/// read back.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMIDI(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    guard let read = try? MIDIReader.read(bytes: bytes, source: "fuzz.mid") else { return 0 }
    // The summary `info` prints; its JSON formatting is left out, as it costs most of a run's time.
    _ = MIDIInfo(reading: read, source: "fuzz.mid")
    do {
        _ = try MIDIReader.read(bytes: MIDIWriter.bytes(for: read.file), source: "rewritten.mid")
    } catch {
        fatalError("the writer's copy of an accepted file does not read back: \(error)")
    }
    guard let quantized = try? Quantizer.score(from: read.file, stepsPerQuarter: 4, source: "fuzz.mid") else { return 0 }
    do {
        _ = try MIDIReader.read(bytes: MIDIWriter.bytes(for: MIDIFile(score: quantized.score)), source: "quantized.mid")
    } catch {
        fatalError("the quantized score's MIDI file does not read back: \(error)")
    }
    return 0
}

@_cdecl("fuzz_midi_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzMIDI)
}
