/// One token of the encoding, by meaning; `EncodingConfig` maps it to and from its id.
public enum Token: Hashable, Sendable, CustomStringConvertible {
    case bos
    case eos
    case style(String)
    /// A note's pitch (MIDI number) in one of the encoding's parts (0 in a single-stream
    /// encoding); always followed by its velocity (if binned) and length.
    case pitch(Int, part: Int)
    /// A note's length in steps.
    case length(Int)
    /// Advance the clock by this many steps.
    case shift(Int)
    case velocity(Int)
    /// A control: what follows (a note, or `end`) is given, and lies this many steps ahead of
    /// the clock. The model hears controls before their time so it can lead into them.
    case ahead(Int)
    /// A control: the piece ends at the step its `ahead` names.
    case end

    /// The name in the vocabulary list: `BOS`, `EOS`, `STYLE:x`, `P60` (or `P60/2` for part 2
    /// of a part-aware encoding), `L4`, `T16`, `V3`, `A16`, `END`.
    public var name: String {
        switch self {
        case .bos: return "BOS"
        case .eos: return "EOS"
        case .style(let style): return "STYLE:\(style)"
        case .pitch(let pitch, let part): return "P\(pitch)" + (part > 0 ? "/\(part)" : "")
        case .length(let steps): return "L\(steps)"
        case .shift(let steps): return "T\(steps)"
        case .velocity(let bin): return "V\(bin)"
        case .ahead(let steps): return "A\(steps)"
        case .end: return "END"
        }
    }

    public var description: String { name }
}
