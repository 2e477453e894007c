/// The six note lengths on keys 1–6, in quarters: 1/16, 1/8, 1/4, dotted 1/4, 1/2, whole.
public enum NoteLengths {
    static let digitKeys: [Character] = ["1", "2", "3", "4", "5", "6"]
    static let sixteenths = [1, 2, 4, 6, 8, 16]

    static func steps(forDigit digit: Character, stepsPerQuarter: Int) -> Int {
        let index = digitKeys.firstIndex(of: digit) ?? 2
        return max(1, sixteenths[index] * stepsPerQuarter / 4)
    }

    /// The next length up or down the list from `steps` (piano entry's `[` and `]`).
    static func step(from steps: Int, by offset: Int, stepsPerQuarter: Int) -> Int {
        let all = sixteenths.map { max(1, $0 * stepsPerQuarter / 4) }
        let index = all.lastIndex { $0 <= steps } ?? 0
        return all[min(all.count - 1, max(0, index + offset))]
    }

    public static func name(steps: Int, stepsPerQuarter: Int) -> String {
        let sixteenthCount = steps * 4
        guard stepsPerQuarter > 0, sixteenthCount % stepsPerQuarter == 0 else { return "\(steps) steps" }
        switch sixteenthCount / stepsPerQuarter {
        case 1: return "1/16"
        case 2: return "1/8"
        case 3: return "3/16"
        case 4: return "1/4"
        case 6: return "3/8"
        case 8: return "1/2"
        case 12: return "3/4"
        case 16: return "1/1"
        case let other: return "\(other)/16"
        }
    }
}
