/// One token of the encoding, by meaning; `EncodingConfig` maps it to and from its id.
public enum Token: Hashable, Sendable, CustomStringConvertible {
    case bos
    case eos
    case style(String)
    /// A note's pitch (MIDI number); always followed by its velocity (if binned) and length.
    case pitch(Int)
    /// A note's length in steps.
    case length(Int)
    /// Advance the clock by this many steps.
    case shift(Int)
    case velocity(Int)

    /// The name in the vocabulary list: `BOS`, `EOS`, `STYLE:x`, `P60`, `L4`, `T16`, `V3`.
    public var name: String {
        switch self {
        case .bos: return "BOS"
        case .eos: return "EOS"
        case .style(let style): return "STYLE:\(style)"
        case .pitch(let pitch): return "P\(pitch)"
        case .length(let steps): return "L\(steps)"
        case .shift(let steps): return "T\(steps)"
        case .velocity(let bin): return "V\(bin)"
        }
    }

    public var description: String { name }
}
