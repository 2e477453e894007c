import Foundation

/// The `--transpose` argument: `a..b` (or `a...b`) semitones, or a single number.
public enum TranspositionRange {
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        public var text: String
        public var description: String {
            "transposition \"\(text)\" is not a range of semitones like -3..3 (low ≤ high, within -127…127)"
        }
    }

    public static func parse(_ text: String) throws -> ClosedRange<Int> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let bounds: [Substring]
        if let dots = trimmed.range(of: "...") ?? trimmed.range(of: "..") {
            bounds = [trimmed[..<dots.lowerBound], trimmed[dots.upperBound...]]
        } else {
            bounds = [trimmed[...], trimmed[...]]
        }
        guard let low = Int(bounds[0]), let high = Int(bounds[1]), low <= high, low >= -127, high <= 127 else {
            throw ParseError(text: text)
        }
        return low...high
    }
}
