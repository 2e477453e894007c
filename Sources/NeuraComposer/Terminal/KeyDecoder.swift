/// Turns the characters `wget_wch` returns into keys. Separate from `Terminal` so that the
/// rules (control letters, Esc versus Alt, Enter in raw mode) are testable without a TTY.
public enum KeyDecoder {
    /// `next` reads one more character if one is already waiting (nil if not); it is asked
    /// only after Esc, to tell Alt-x (Esc then x at once) from Esc alone.
    public static func decode(character value: UInt32, next: () -> UInt32?) -> Key? {
        switch value {
        // Raw mode with nonl() reports Return as CR; some terminals send LF.
        case 13, 10: return .enter
        case 9: return .tab
        case 127, 8: return .backspace
        case 27:
            if let following = next(), following >= 32, following != 127, let scalar = Unicode.Scalar(following) {
                return .alt(Character(scalar))
            }
            return .escape
        case 1...26: return .control(Character(Unicode.Scalar(UInt8(value) + 96)))
        default:
            guard value >= 32, value != 127, let scalar = Unicode.Scalar(value) else { return nil }
            return .character(Character(scalar))
        }
    }
}
