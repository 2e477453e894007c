/// A key press as the composer sees it, independent of how the terminal encoded it.
public enum Key: Hashable, Sendable {
    /// A printable character, already case-folded by the terminal (`H` is Shift-h).
    case character(Character)
    /// Ctrl with a letter, lower-case (`.control("r")` is Ctrl-R).
    case control(Character)
    /// Alt (Meta) with a character: the terminal sends Esc and then the character.
    case alt(Character)
    case up, down, left, right
    case shiftUp, shiftDown, shiftLeft, shiftRight
    case enter, escape, tab, backTab, backspace, delete
    case home, end, pageUp, pageDown
}

public enum MouseButton: Hashable, Sendable {
    case left, right, wheelUp, wheelDown
}

public struct MouseEvent: Hashable, Sendable {
    public var column: Int
    public var row: Int
    public var button: MouseButton

    public init(column: Int, row: Int, button: MouseButton) {
        self.column = column
        self.row = row
        self.button = button
    }
}
