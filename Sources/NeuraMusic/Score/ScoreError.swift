/// Why a score could not be built from, or turned into, something else.
public enum ScoreError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidStepsPerQuarter(Int)
    case invalidDivision(source: String, detail: String)
    case pitchOutOfRange(pitch: Int, transposition: Int)
    case invalidRange(Range<Int>)

    public var description: String {
        switch self {
        case .invalidStepsPerQuarter(let steps):
            return "steps per quarter must be between 1 and 480, got \(steps)"
        case .invalidDivision(let source, let detail):
            return "\(source): unusable time division: \(detail)"
        case .pitchOutOfRange(let pitch, let transposition):
            return "transposing by \(transposition) moves pitch \(pitch) to \(pitch + transposition), outside MIDI 0…127"
        case .invalidRange(let range):
            return "step range \(range.lowerBound)..<\(range.upperBound) is not a valid range of steps"
        }
    }
}
