/// The twelve note-length classes of Yang & Lerch (2018), each a fraction of a whole note in
/// 96ths. A note's length goes to the nearest class (the first listed on a tie).
///
/// mgeval measures the classes in 96ths of the *bar*, which names a quarter note in 3/4 a
/// half-note triplet; here they are 96ths of a whole note in every meter, which agrees with
/// mgeval in 4/4.
public enum NoteLengthClass: Int, CaseIterable, Sendable {
    case whole, half, quarter, eighth, sixteenth
    case dottedHalf, dottedQuarter, dottedEighth, dottedSixteenth
    case halfTriplet, quarterTriplet, eighthTriplet

    /// The class's length in 96ths of a whole note.
    public var ninetySixths: Int {
        switch self {
        case .whole: 96
        case .half: 48
        case .quarter: 24
        case .eighth: 12
        case .sixteenth: 6
        case .dottedHalf: 72
        case .dottedQuarter: 36
        case .dottedEighth: 18
        case .dottedSixteenth: 9
        case .halfTriplet: 32
        case .quarterTriplet: 16
        case .eighthTriplet: 8
        }
    }

    /// The nearest class to a length in ticks (`ticksPerQuarter` ticks to a quarter note).
    public static func nearest(toTicks ticks: Int, ticksPerQuarter: Int) -> NoteLengthClass {
        // In units of 1/96 of a whole note times 4 × ticksPerQuarter, so the comparison stays in integers.
        let scaled = ticks * 96
        let whole = 4 * ticksPerQuarter
        var best = NoteLengthClass.whole
        var bestDistance = Int.max
        for candidate in allCases {
            let distance = abs(scaled - candidate.ninetySixths * whole)
            if distance < bestDistance {
                best = candidate
                bestDistance = distance
            }
        }
        return best
    }
}
