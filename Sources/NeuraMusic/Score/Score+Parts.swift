/// A score read by part: what `quantize` prints and what export and the composer ask of it.
extension Score {
    /// The notes of one part, pitched and drums, in score order.
    public func notes(inPart index: Int) -> [Note] {
        (notes + drums).filter { $0.part == index }.sorted(by: Score.noteOrder)
    }

    /// One line per part: its number, name, sound, channel, note count and pitch range.
    public var partSummary: [String] {
        parts.indices.map { index in
            let part = parts[index]
            let own = notes(inPart: index)
            let sound = part.isDrum ? "drums" : "program \(part.program) (\(GeneralMIDI.programName(part.program)))"
            let channel = part.channel.map { ", channel \($0 + 1)" } ?? ""
            var line = "part \(index + 1) \"\(part.name)\": \(sound)\(channel), \(own.count) note\(own.count == 1 ? "" : "s")"
            if !part.isDrum, let low = own.map(\.pitch).min(), let high = own.map(\.pitch).max() {
                line += ", \(PitchName.name(of: low))–\(PitchName.name(of: high))"
            }
            return line
        }
    }
}
