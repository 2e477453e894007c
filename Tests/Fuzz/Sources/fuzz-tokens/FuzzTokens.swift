import FuzzSupport
import NeuraMusic

/// Any token sequence decodes to a valid score or stops at a typed error. The first byte picks
/// one of a few encodings; every two bytes after it are one token id (a few past the vocabulary,
/// to reach that error too). A sequence that decodes must be the one `encode` writes for the
/// score it gives: the grammar is exactly the canonical form.
let encodings = [
    EncodingConfig(),
    EncodingConfig(stepsPerQuarter: 1, lowestPitch: 36, highestPitch: 81, styles: ["chorale", "folk"]),
    EncodingConfig(stepsPerQuarter: 2, lowestPitch: 60, highestPitch: 72, maxLength: 8, maxShift: 4, velocityBins: 4),
    EncodingConfig(stepsPerQuarter: 3, lowestPitch: 0, highestPitch: 127, maxLength: 3, maxShift: 1, velocityBins: 64),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokens(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count >= 1 else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: count)
    let config = encodings[Int(bytes[0]) % encodings.count]
    let idLimit = config.vocabularySize + 3
    var tokens: [Int] = []
    var index = 1
    while index + 1 < count {
        tokens.append((Int(bytes[index]) | Int(bytes[index + 1]) << 8) % idLimit)
        index += 2
    }

    var decoder = TokenDecoder(config: config)
    for (position, token) in tokens.enumerated() {
        let wasAllowed = decoder.isAllowed(token)
        do {
            try decoder.feed(token)
            precondition(wasAllowed, "token \(token) at \(position) was fed although the mask forbade it")
        } catch {
            precondition(!wasAllowed, "token \(token) at \(position) was allowed by the mask but refused: \(error)")
            precondition(error is EncodingError, "an untyped error: \(error)")
            return 0
        }
    }
    guard decoder.isFinished else { return 0 }
    let score: Score
    do {
        score = try decoder.finish()
    } catch {
        fatalError("a finished decoder has no score: \(error)")
    }
    for note in score.notes {
        precondition(config.pitchRange.contains(note.pitch), "pitch \(note.pitch) outside the encoding")
        precondition((1...config.maxLength).contains(note.length) && note.start >= 0, "bad note \(note)")
        precondition(note.end <= score.length, "note \(note) ends after the score (\(score.length))")
    }
    do {
        let again = try config.encode(score)
        precondition(again == tokens, "decode then encode changed the tokens: \(tokens) → \(again)")
    } catch {
        fatalError("a decoded score does not encode: \(error)")
    }
    return 0
}

@_cdecl("fuzz_tokens_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzTokens)
}
