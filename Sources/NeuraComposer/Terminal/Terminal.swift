import CNcurses
import Foundation

public enum TerminalError: Error, Hashable, Sendable, CustomStringConvertible {
    case notATerminal
    case cannotStart(String)

    public var description: String {
        switch self {
        case .notATerminal: "the composer needs a terminal: standard input and output must be a TTY"
        case .cannotStart(let reason): "cannot start the terminal: \(reason)"
        }
    }
}

/// What one read of the terminal produced.
public enum TerminalInput: Hashable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case resized(TerminalSize)
}

/// The only code that talks to ncurses. It draws grids (writing only the cells that changed
/// since the last frame) and turns `wget_wch` results into keys. Everything else is elsewhere.
public final class Terminal: TerminalDevice {
    public private(set) var colorDepth: ColorDepth = .none
    public let supportsUnicode: Bool
    private var previous: CellGrid?
    private var theme: Theme
    /// Per role: ncurses attributes and colour pair, recomputed when the theme changes.
    private var resolved: [StyleRole: (attributes: attr_t, pair: Int32)] = [:]
    private var pairs: [PairKey: Int32] = [:]
    private var active = false

    private struct PairKey: Hashable {
        var foreground: Int
        var background: Int
    }

    public init(theme: Theme, environment: [String: String] = ProcessInfo.processInfo.environment) throws(TerminalError) {
        guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else { throw .notATerminal }
        setlocale(LC_ALL, "")
        supportsUnicode = String(cString: nl_langinfo(nl_item(CODESET))).uppercased().replacingOccurrences(of: "-", with: "") == "UTF8"
        self.theme = theme
        // Esc alone must register quickly; the default of one second feels broken.
        set_escdelay(25)
        guard initscr() != nil else { throw .cannotStart("initscr failed (is TERM set?)") }
        active = true
        ns_install_fatal_signal_restore()
        raw()
        noecho()
        nonl()
        keypad(ns_stdscr(), true)
        nodelay(ns_stdscr(), true)
        curs_set(0)
        let mask = ns_mouse_button1_pressed() | ns_mouse_button1_clicked() | ns_mouse_button3_pressed()
            | ns_mouse_button3_clicked() | ns_mouse_button4_pressed() | ns_mouse_button5_pressed()
        mousemask(mask, nil)
        mouseinterval(0)
        // COLORS is only known after start_color, so colour is started first and then measured.
        var started = false
        if ColorDepth.detect(environment: environment, hasColors: has_colors(), colorCount: 8) != .none,
            start_color() == OK
        {
            use_default_colors()
            started = true
        }
        let depth = started
            ? ColorDepth.detect(environment: environment, hasColors: true, colorCount: Int(ns_colors())) : .none
        colorDepth = depth
        resolveTheme()
    }

    deinit { restore() }

    /// Leaves curses mode and gives the terminal back as it was. Safe to call twice.
    public func restore() {
        guard active else { return }
        active = false
        endwin()
    }

    public var inputDescriptor: Int32 { STDIN_FILENO }

    public var size: TerminalSize {
        TerminalSize(columns: Int(ns_cols()), rows: Int(ns_lines()))
    }

    public func setTheme(_ theme: Theme) {
        self.theme = theme
        resolveTheme()
        previous = nil
    }

    private func resolveTheme() {
        resolved.removeAll()
        for role in StyleRole.allCases {
            let style = theme.style(for: role)
            if colorDepth == .none {
                resolved[role] = (attributes(Theme.monochromeAttributes(for: role)), 0)
            } else {
                let key = PairKey(foreground: colorDepth.number(for: style.foreground),
                                  background: colorDepth.number(for: style.background))
                resolved[role] = (attributes(style.attributes), pair(for: key))
            }
        }
    }

    private func attributes(_ attributes: TextAttributes) -> attr_t {
        var result = ns_a_normal()
        if attributes.contains(.bold) { result |= ns_a_bold() }
        if attributes.contains(.dim) { result |= ns_a_dim() }
        if attributes.contains(.underline) { result |= ns_a_underline() }
        if attributes.contains(.reverse) { result |= ns_a_reverse() }
        return result
    }

    /// Colour pairs are a small, numbered resource: each distinct pair is set up once.
    private func pair(for key: PairKey) -> Int32 {
        if key.foreground < 0 && key.background < 0 { return 0 }
        if let existing = pairs[key] { return existing }
        let number = Int32(pairs.count + 1)
        guard number < ns_color_pairs(),
            init_extended_pair(number, Int32(key.foreground), Int32(key.background)) == OK
        else { return 0 }
        pairs[key] = number
        return number
    }

    /// Draws a frame, writing only the cells that differ from the last one.
    public func draw(_ grid: CellGrid) {
        let full = previous?.size != grid.size
        if full { erase() }
        let columns = grid.size.columns
        for row in 0..<grid.size.rows {
            for column in 0..<columns {
                let cell = grid.cells[row * columns + column]
                if !full, let previous, previous.cells[row * columns + column] == cell { continue }
                // Writing the bottom-right cell scrolls some terminals; ncurses reports ERR there
                // but draws it, so the result is ignored.
                let style = resolved[cell.role] ?? (ns_a_normal(), 0)
                _ = ns_put_cell(Int32(row), Int32(column), cell.glyph.value, style.attributes, style.pair)
            }
        }
        previous = grid
        refresh()
    }

    /// Forces the next frame to redraw everything (Ctrl-L, or after a resize).
    public func invalidate() {
        previous = nil
        clearok(ns_stdscr(), true)
    }

    /// Reads everything waiting, without blocking.
    public func readInputs() -> [TerminalInput] {
        var inputs: [TerminalInput] = []
        var value: UInt32 = 0
        while true {
            let kind = ns_read_key(&value)
            if kind == ERR { break }
            if kind == KEY_CODE_YES {
                if let input = decode(keyCode: Int32(value)) { inputs.append(input) }
            } else if let key = decode(character: value) {
                inputs.append(.key(key))
            }
        }
        return inputs
    }

    private func decode(keyCode: Int32) -> TerminalInput? {
        switch keyCode {
        case ns_key_resize():
            invalidate()
            return .resized(size)
        case ns_key_mouse():
            var x: Int32 = 0
            var y: Int32 = 0
            var buttons: UInt = 0
            guard ns_read_mouse(&x, &y, &buttons) == OK else { return nil }
            let button: MouseButton
            if buttons & UInt(ns_mouse_button1_pressed() | ns_mouse_button1_clicked()) != 0 {
                button = .left
            } else if buttons & UInt(ns_mouse_button3_pressed() | ns_mouse_button3_clicked()) != 0 {
                button = .right
            } else if buttons & UInt(ns_mouse_button4_pressed()) != 0 {
                button = .wheelUp
            } else if ns_mouse_button5_pressed() != 0, buttons & UInt(ns_mouse_button5_pressed()) != 0 {
                button = .wheelDown
            } else {
                return nil
            }
            return .mouse(MouseEvent(column: Int(x), row: Int(y), button: button))
        default:
            let keys: [Int32: Key] = [
                KEY_UP: .up, KEY_DOWN: .down, KEY_LEFT: .left, KEY_RIGHT: .right,
                KEY_SR: .shiftUp, KEY_SF: .shiftDown, KEY_SLEFT: .shiftLeft, KEY_SRIGHT: .shiftRight,
                KEY_BTAB: .backTab, KEY_DC: .delete, KEY_BACKSPACE: .backspace, KEY_ENTER: .enter,
                KEY_HOME: .home, KEY_END: .end, KEY_PPAGE: .pageUp, KEY_NPAGE: .pageDown,
            ]
            return keys[keyCode].map(TerminalInput.key)
        }
    }

    private func decode(character value: UInt32) -> Key? {
        KeyDecoder.decode(character: value) {
            var following: UInt32 = 0
            let kind = ns_read_key(&following)
            if kind == OK, following >= 32, following != 127 { return following }
            // Not an Alt combination: give it back so the next read sees it (Esc Esc, Esc Up…).
            if kind == OK {
                _ = unget_wch(wchar_t(following))
            } else if kind == KEY_CODE_YES {
                _ = ungetch(Int32(following))
            }
            return nil
        }
    }
}
