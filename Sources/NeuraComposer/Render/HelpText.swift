/// The key map as the `?` overlay shows it; README's table says the same.
public enum HelpText {
    public static let lines: [(keys: String, action: String)] = [
        ("arrows h j k l", "move in time / pitch"),
        ("Shift, H J K L", "move a bar / an octave"),
        ("Home End PgUp PgDn", "start / end / page in pitch"),
        ("Enter, click", "put or remove a note"),
        ("x Delete, right-click", "delete the note at the cursor"),
        ("< >", "shorten / lengthen the note"),
        ("1 2 3 4 5 6", "length 1/16 1/8 1/4 3/8 1/2 1/1"),
        ("i", "piano: z s x d c v g b h n j m = C..B"),
        ("", "q 2 w 3 e r 5 t 6 y 7 u i 9 o 0 p above"),
        ("", "Up/Down octave, [ ] length, Esc leaves"),
        ("v", "select; then d y p + - g"),
        ("p", "paste at the cursor"),
        ("[ ]  { }", "temperature / length in bars"),
        ("g, Esc", "generate a continuation / cancel"),
        ("Tab Shift-Tab, a", "cycle variations, accept one"),
        ("o", "the model's alternatives at a note"),
        ("Space", "play / stop from the cursor"),
        ("u, Ctrl-R", "undo / redo"),
        (":", "w e temp len tempo topp seed style"),
        ("", "model theme scale var new q wq"),
        ("Ctrl-C", "quit (the session is saved)"),
        ("?", "this help; any key closes it"),
    ]
}
