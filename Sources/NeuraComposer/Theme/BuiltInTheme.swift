// The dark theme compiled in, so that start-up never depends on finding the Themes folder.
// It is Themes/dark.toml verbatim; a test keeps the two identical.
extension Theme {
    static let builtInDarkSource = #"""
# NeuraScore theme: the default, dark background
# Each table styles one UI role. fg/bg: true colour "#rrggbb" or "default";
# fg256/bg256: xterm palette 0-255 or -1 (default); fg8/bg8: black red green yellow
# blue magenta cyan white or default; attrs (optional): bold dim underline reverse.
name = "dark"

[background]  # anything not drawn otherwise
fg = "#d8dee9"
bg = "#1c1f24"
fg256 = 254
bg256 = 234
fg8 = "white"
bg8 = "black"

[header]  # the top line of parameters
fg = "#d8dee9"
bg = "#2e3440"
fg256 = 254
bg256 = 237
fg8 = "white"
bg8 = "black"

[headerAccent]  # the program name in the header
fg = "#1c1f24"
bg = "#88c0d0"
fg256 = 234
bg256 = 110
fg8 = "black"
bg8 = "cyan"
attrs = "bold"

[ruler]  # beat dots above the roll
fg = "#7a8290"
bg = "#1c1f24"
fg256 = 102
bg256 = 234
fg8 = "white"
bg8 = "black"

[rulerBar]  # bar numbers above the roll
fg = "#e5c07b"
bg = "#1c1f24"
fg256 = 180
bg256 = 234
fg8 = "yellow"
bg8 = "black"
attrs = "bold"

[whiteKey]  # pitch names of white keys
fg = "#1c1f24"
bg = "#d8dee9"
fg256 = 234
bg256 = 254
fg8 = "black"
bg8 = "white"

[blackKey]  # pitch names of black keys
fg = "#d8dee9"
bg = "#3b4048"
fg256 = 254
bg256 = 238
fg8 = "white"
bg8 = "black"

[gutterSeparator]  # the line between names and roll
fg = "#7a8290"
bg = "#1c1f24"
fg256 = 102
bg256 = 234
fg8 = "white"
bg8 = "black"

[gridWhiteRow]  # empty cells on white-key rows
fg = "#3b4048"
bg = "#22262c"
fg256 = 238
bg256 = 235
fg8 = "white"
bg8 = "black"

[gridBlackRow]  # empty cells on black-key rows
fg = "#3b4048"
bg = "#1a1d21"
fg256 = 238
bg256 = 234
fg8 = "white"
bg8 = "black"

[gridBeatLine]  # beat lines in the roll
fg = "#3b4048"
bg = "#22262c"
fg256 = 238
bg256 = 235
fg8 = "white"
bg8 = "black"
attrs = "dim"

[gridBarLine]  # bar lines in the roll
fg = "#5c6370"
bg = "#22262c"
fg256 = 241
bg256 = 235
fg8 = "white"
bg8 = "black"

[seedNote]  # notes you wrote, in part 1 (and 9)
fg = "#61afef"
bg = "#22262c"
fg256 = 75
bg256 = 235
fg8 = "blue"
bg8 = "black"
attrs = "bold"

[generatedNote]  # notes the model wrote (not yet accepted), in part 1 (and 9)
fg = "#3d7fb8"
bg = "#22262c"
fg256 = 67
bg256 = 235
fg8 = "blue"
bg8 = "black"

[part2]  # your notes in part 2 (and 10); a theme without it uses seedNote
fg = "#d19a66"
bg = "#22262c"
fg256 = 173
bg256 = 235
fg8 = "yellow"
bg8 = "black"
attrs = "bold"

[part3]  # your notes in part 3 (and 11)
fg = "#98c379"
bg = "#22262c"
fg256 = 108
bg256 = 235
fg8 = "green"
bg8 = "black"
attrs = "bold"

[part4]  # your notes in part 4 (and 12)
fg = "#e06c75"
bg = "#22262c"
fg256 = 168
bg256 = 235
fg8 = "red"
bg8 = "black"
attrs = "bold"

[part5]  # your notes in part 5 (and 13)
fg = "#56b6c2"
bg = "#22262c"
fg256 = 73
bg256 = 235
fg8 = "cyan"
bg8 = "black"
attrs = "bold"

[part6]  # your notes in part 6 (and 14)
fg = "#c678dd"
bg = "#22262c"
fg256 = 176
bg256 = 235
fg8 = "magenta"
bg8 = "black"
attrs = "bold"

[part7]  # your notes in part 7 (and 15)
fg = "#e5c07b"
bg = "#22262c"
fg256 = 180
bg256 = 235
fg8 = "yellow"
bg8 = "black"
attrs = "bold"

[part8]  # your notes in part 8 (and 16)
fg = "#abb2bf"
bg = "#22262c"
fg256 = 249
bg256 = 235
fg8 = "white"
bg8 = "black"
attrs = "bold"

[generatedPart2]  # the model's notes in part 2 (and 10); a theme without it uses generatedNote
fg = "#a8764a"
bg = "#22262c"
fg256 = 137
bg256 = 235
fg8 = "yellow"
bg8 = "black"

[generatedPart3]  # the model's notes in part 3 (and 11)
fg = "#6f9a58"
bg = "#22262c"
fg256 = 107
bg256 = 235
fg8 = "green"
bg8 = "black"

[generatedPart4]  # the model's notes in part 4 (and 12)
fg = "#b5505a"
bg = "#22262c"
fg256 = 131
bg256 = 235
fg8 = "red"
bg8 = "black"

[generatedPart5]  # the model's notes in part 5 (and 13)
fg = "#3f8c96"
bg = "#22262c"
fg256 = 66
bg256 = 235
fg8 = "cyan"
bg8 = "black"

[generatedPart6]  # the model's notes in part 6 (and 14)
fg = "#9a58ad"
bg = "#22262c"
fg256 = 97
bg256 = 235
fg8 = "magenta"
bg8 = "black"

[generatedPart7]  # the model's notes in part 7 (and 15)
fg = "#b89a5e"
bg = "#22262c"
fg256 = 143
bg256 = 235
fg8 = "yellow"
bg8 = "black"

[generatedPart8]  # the model's notes in part 8 (and 16)
fg = "#7f8694"
bg = "#22262c"
fg256 = 245
bg256 = 235
fg8 = "white"
bg8 = "black"

[cursor]  # the cursor and its pitch name
fg = "#1c1f24"
bg = "#e5c07b"
fg256 = 234
bg256 = 180
fg8 = "black"
bg8 = "yellow"
attrs = "bold"

[playhead]  # the playback position
fg = "#98c379"
bg = "#22262c"
fg256 = 108
bg256 = 235
fg8 = "green"
bg8 = "black"
attrs = "bold"

[selection]  # a selected time range
fg = "#d8dee9"
bg = "#3e4451"
fg256 = 254
bg256 = 238
fg8 = "black"
bg8 = "cyan"

[entropyLow]  # steps where the model was sure
fg = "#98c379"
bg = "#1c1f24"
fg256 = 108
bg256 = 234
fg8 = "green"
bg8 = "black"

[entropyMid]  # steps where it hesitated
fg = "#e5c07b"
bg = "#1c1f24"
fg256 = 180
bg256 = 234
fg8 = "yellow"
bg8 = "black"

[entropyHigh]  # steps where it guessed
fg = "#e06c75"
bg = "#1c1f24"
fg256 = 168
bg256 = 234
fg8 = "red"
bg8 = "black"
attrs = "bold"

[status]  # the status line
fg = "#d8dee9"
bg = "#2e3440"
fg256 = 254
bg256 = 237
fg8 = "white"
bg8 = "black"

[statusMode]  # the mode label
fg = "#1c1f24"
bg = "#61afef"
fg256 = 234
bg256 = 75
fg8 = "black"
bg8 = "blue"
attrs = "bold"

[statusError]  # error messages
fg = "#e06c75"
bg = "#2e3440"
fg256 = 168
bg256 = 237
fg8 = "red"
bg8 = "black"
attrs = "bold"

[statusProgress]  # generation progress and variation count
fg = "#98c379"
bg = "#2e3440"
fg256 = 108
bg256 = 237
fg8 = "green"
bg8 = "black"

[commandLine]  # the : command line
fg = "#d8dee9"
bg = "#1c1f24"
fg256 = 254
bg256 = 234
fg8 = "white"
bg8 = "black"

[overlay]  # help and choice boxes
fg = "#d8dee9"
bg = "#2e3440"
fg256 = 254
bg256 = 237
fg8 = "white"
bg8 = "black"

[overlayBorder]  # their borders
fg = "#88c0d0"
bg = "#2e3440"
fg256 = 110
bg256 = 237
fg8 = "cyan"
bg8 = "black"

[overlayTitle]  # their titles
fg = "#e5c07b"
bg = "#2e3440"
fg256 = 180
bg256 = 237
fg8 = "yellow"
bg8 = "black"
attrs = "bold"
"""#

    /// The default theme; falls back to the terminal's own colours if the text ever failed to parse.
    public static let builtInDark: Theme =
        (try? Theme.parse(builtInDarkSource, file: "built-in dark theme")) ?? Theme(name: "dark", styles: [:])
}
