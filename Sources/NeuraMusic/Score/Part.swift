/// One voice or instrument of a score: what a MIDI track/channel pair holds on import, and one
/// track on export. Every note names its part by index into `Score.parts`.
public struct Part: Hashable, Sendable, Codable {
    public var name: String
    /// General MIDI program, 0–127 (0 is the acoustic grand piano); drum parts ignore it.
    public var program: Int
    /// The 0-based MIDI channel the part came from or is written to; nil lets the writer choose.
    public var channel: Int?
    /// Percussion on channel 10: its pitches name instruments, so it is never transposed or encoded.
    public var isDrum: Bool

    public init(name: String, program: Int = 0, channel: Int? = nil, isDrum: Bool = false) {
        self.name = name
        self.program = program
        self.channel = channel
        self.isDrum = isDrum
    }

    /// The part a note refers to when the score names none for its index.
    public static func unnamed(_ index: Int) -> Part {
        Part(name: "Part \(index + 1)")
    }
}
