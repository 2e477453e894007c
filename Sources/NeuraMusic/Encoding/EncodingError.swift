/// Why a score could not be encoded, or tokens could not be decoded.
public enum EncodingError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidConfig(String)
    case vocabularyMismatch(stored: Int, implied: Int, firstDifference: Int)
    case gridMismatch(score: Int, encoding: Int)
    case drumsNotEncodable(count: Int)
    case partNotEncodable(Note, parts: Int)
    case endBeforeMusic(end: Int, lastStep: Int)
    case pitchOutOfRange(Note, range: ClosedRange<Int>)
    case lengthOutOfRange(Note, maxLength: Int)
    case negativeStart(Note)
    case velocityNotEncodable(Note)
    case duplicateNote(Note)
    case transpositionOutOfRange(pitch: Int, semitones: Int, range: ClosedRange<Int>)
    case tokenOutOfVocabulary(id: Int, position: Int, vocabularySize: Int)
    case unexpectedToken(name: String, position: Int, expected: String)
    case tokenAfterEnd(position: Int)
    case incomplete(position: Int, expected: String)

    public var description: String {
        switch self {
        case .invalidConfig(let detail):
            return "invalid encoding config: \(detail)"
        case .vocabularyMismatch(let stored, let implied, let firstDifference):
            return "encoding config's vocabulary (\(stored) tokens) disagrees with the one its fields imply (\(implied) tokens), first at token \(firstDifference)"
        case .gridMismatch(let score, let encoding):
            return "score has \(score) steps per quarter, the encoding \(encoding)"
        case .drumsNotEncodable(let count):
            return "score has \(count) drum note(s); the pitched encoding has no drums (fit the score first)"
        case .partNotEncodable(let note, let parts):
            return parts == 1
                ? "note \(note.pitch) at step \(note.start) is in part \(note.part); the encoding has one voice (part 0)"
                : "note \(note.pitch) at step \(note.start) is in part \(note.part); the encoding has parts 0…\(parts - 1)"
        case .endBeforeMusic(let end, let lastStep):
            return "the end control at step \(end) comes before the music ends (step \(lastStep))"
        case .pitchOutOfRange(let note, let range):
            return "note \(note.pitch) at step \(note.start) is outside the encoding's pitches \(range.lowerBound)…\(range.upperBound)"
        case .lengthOutOfRange(let note, let maxLength):
            return "note \(note.pitch) at step \(note.start) is \(note.length) steps long; the encoding allows 1…\(maxLength)"
        case .negativeStart(let note):
            return "note \(note.pitch) starts at step \(note.start), before the score"
        case .velocityNotEncodable(let note):
            return "note \(note.pitch) at step \(note.start) has velocity \(note.velocity), which the encoding cannot store exactly"
        case .duplicateNote(let note):
            return "two notes of pitch \(note.pitch) start at step \(note.start); the encoding holds one"
        case .transpositionOutOfRange(let pitch, let semitones, let range):
            return "transposing by \(semitones) moves pitch \(pitch) outside \(range.lowerBound)…\(range.upperBound)"
        case .tokenOutOfVocabulary(let id, let position, let vocabularySize):
            return "token \(id) at position \(position) is not in the vocabulary (0..<\(vocabularySize))"
        case .unexpectedToken(let name, let position, let expected):
            return "token \(name) at position \(position) is not allowed here; expected \(expected)"
        case .tokenAfterEnd(let position):
            return "token at position \(position) follows EOS"
        case .incomplete(let position, let expected):
            return "tokens end at position \(position) before the piece is complete; expected \(expected)"
        }
    }
}
