import Foundation
import Testing
@testable import NeuraComposer

@Suite struct ThemeTests {
    /// The repository's Themes folder, found from this source file.
    static let bundledDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Themes").path

    static func validThemeText(dropping role: StyleRole? = nil) -> String {
        StyleRole.allCases.filter { $0 != role }.map { role in
            """
            [\(role.rawValue)]
            fg = "#102030"
            bg = "default"
            fg256 = 17
            bg256 = -1
            fg8 = "blue"
            bg8 = "default"

            """
        }.joined()
    }

    @Test(arguments: ["dark", "light", "high-contrast", "amber"])
    func bundledThemesParseAndNameEveryRole(name: String) throws {
        let theme = try ThemeLocator.loadFile(Self.bundledDirectory + "/\(name).toml")
        #expect(theme.name == name)
        #expect(Set(theme.styles.keys) == Set(StyleRole.allCases))
        #expect(theme.styles.values.allSatisfy { $0.foreground.palette256 != nil && $0.foreground.trueColor != nil })
    }

    /// A device that never ends is read only one byte past the limit.
    @Test func aThemeOverOneMiBIsRefusedWithoutReadingItAll() {
        #expect(throws: ThemeError.unreadable(file: "/dev/zero", reason: "larger than 1 MiB")) {
            try ThemeLocator.loadFile("/dev/zero")
        }
    }

    @Test func theCompiledInThemeIsTheBundledDarkFile() throws {
        let file = try ThemeLocator.loadFile(Self.bundledDirectory + "/dark.toml")
        #expect(Theme.builtInDark == file)
    }

    @Test func valuesAreReadIntoEveryColourDepth() throws {
        let text = "name = \"mine\" # comment\n" + Self.validThemeText().replacingOccurrences(
            of: "[cursor]\n", with: "[cursor]  # the cursor\nattrs = \"bold reverse\"\n")
        let theme = try Theme.parse(text, file: "mine.toml")
        let cursor = theme.style(for: .cursor)
        #expect(theme.name == "mine")
        #expect(cursor.foreground == ThemeColor(trueColor: 0x102030, palette256: 17, palette8: 4))
        #expect(cursor.background == .terminalDefault)
        #expect(cursor.attributes == [.bold, .reverse])
    }

    @Test(arguments: [
        ("[seedNote\nfg = 1", ThemeError.syntax(file: "bad.toml", line: 1, problem: "a table header looks like [name]")),
        ("name = \"x\nfoo", .syntax(file: "bad.toml", line: 1, problem: "unterminated string")),
        ("\n\njust words", .syntax(file: "bad.toml", line: 3, problem: "expected key = value or [table]")),
        ("a = 1\na = 2", .syntax(file: "bad.toml", line: 2, problem: "key a is set twice")),
        ("a = 1.5", .syntax(file: "bad.toml", line: 1, problem: "value 1.5 is not a \"string\", an integer or true/false")),
    ])
    func syntaxErrorsNameFileAndLine(text: String, expected: ThemeError) {
        #expect(throws: expected) { try Theme.parse(text, file: "bad.toml") }
    }

    @Test func semanticErrorsNameFileLineAndRole() {
        #expect(throws: ThemeError.missingRole(file: "t.toml", role: "playhead")) {
            try Theme.parse(Self.validThemeText(dropping: .playhead), file: "t.toml")
        }
        let badHex = Self.validThemeText().replacingOccurrences(of: "[background]\nfg = \"#102030\"", with: "[background]\nfg = \"#12345\"")
        #expect(throws: ThemeError.badValue(file: "t.toml", line: 2, key: "fg", problem: "#12345 is not \"#rrggbb\" or \"default\"")) {
            try Theme.parse(badHex, file: "t.toml")
        }
        let badPalette = Self.validThemeText().replacingOccurrences(of: "fg256 = 17\n", with: "fg256 = 300\n")
        #expect(throws: ThemeError.badValue(file: "t.toml", line: 4, key: "fg256", problem: "expected an integer from 0 to 255, or -1 for default")) {
            try Theme.parse(badPalette, file: "t.toml")
        }
        let unknownTable = "[sparkles]\nfg = \"default\"\n" + Self.validThemeText()
        #expect(throws: ThemeError.unknownRole(file: "t.toml", line: 1, table: "sparkles")) {
            try Theme.parse(unknownTable, file: "t.toml")
        }
        let message = ThemeError.badValue(file: "t.toml", line: 4, key: "fg8", problem: "pink is not one of black").description
        #expect(message == "t.toml:4: fg8: pink is not one of black")
    }

    @Test func lookupPrefersAPathThenTheUserFolderThenBundledThenBuiltIn() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-themes-\(UUID().uuidString)")
        let user = root.appendingPathComponent("user").path
        try FileManager.default.createDirectory(atPath: user, withIntermediateDirectories: true)
        try ("name = \"user light\"\n" + Self.validThemeText()).write(toFile: user + "/light.toml", atomically: true, encoding: .utf8)
        let locator = ThemeLocator(userDirectory: user, bundledDirectories: [root.path + "/missing", Self.bundledDirectory])

        #expect(try locator.load("light").name == "user light")
        #expect(try locator.load("amber").name == "amber")
        #expect(try locator.load(Self.bundledDirectory + "/high-contrast.toml").name == "high-contrast")
        let withoutFolders = ThemeLocator(userDirectory: nil, bundledDirectories: [root.path + "/missing"])
        #expect(try withoutFolders.load("dark") == Theme.builtInDark)
        #expect(throws: ThemeError.notFound(name: "neon", searched: [])) { try withoutFolders.load("neon") }
        #expect(locator.availableNames().contains("high-contrast"))
    }

    @Test func standardLocationsFollowXDG() {
        let locator = ThemeLocator.standard(environment: ["XDG_CONFIG_HOME": "/cfg", "HOME": "/home/u"], executablePath: "/opt/ns/bin/neurascore")
        #expect(locator.userDirectory == "/cfg/neurascore/themes")
        #expect(locator.bundledDirectories.prefix(2) == ["/opt/ns/bin/Themes", "/opt/ns/share/neurascore/Themes"])
        #expect(ThemeLocator.standard(environment: ["HOME": "/home/u"], executablePath: "/x").userDirectory == "/home/u/.config/neurascore/themes")
    }

    /// Themes written before parts had colours of their own still load: every part takes the
    /// notes' colours, yours and the model's.
    @Test func aThemeWithoutPartColoursGivesEveryPartTheNotesColours() throws {
        let old = StyleRole.allCases.filter { $0.fallback == nil }
        let text = old.map { role in
            let colour = role == .generatedNote ? "#654321" : "#102030"
            return "[\(role.rawValue)]\nfg = \"\(colour)\"\nbg = \"default\"\nfg256 = 17\nbg256 = -1\nfg8 = \"blue\"\nbg8 = \"default\"\n"
        }.joined(separator: "\n")
        let theme = try Theme.parse(text, file: "old.toml")
        #expect(Set(theme.styles.keys) == Set(StyleRole.allCases))
        #expect(theme.style(for: .part5) == theme.style(for: .seedNote))
        #expect(theme.style(for: .generatedPart3) == theme.style(for: .generatedNote))
        #expect(theme.style(for: .generatedPart3).foreground.trueColor == 0x654321)
        // Only the part colours may be left out.
        #expect(throws: ThemeError.missingRole(file: "t.toml", role: "seedNote")) {
            try Theme.parse(Self.validThemeText(dropping: .seedNote), file: "t.toml")
        }
    }

    /// The bundled themes give each part a colour of its own, and the model's notes a shade of it.
    @Test(arguments: ["dark", "light", "high-contrast", "amber"])
    func bundledThemesTellThePartsApart(name: String) throws {
        let theme = try ThemeLocator.loadFile(Self.bundledDirectory + "/\(name).toml")
        let written = StyleRole.partPalette.map { theme.style(for: $0) }
        #expect(Set(written).count == written.count)
        let generated = StyleRole.generatedPartPalette.map { theme.style(for: $0) }
        #expect(Set(generated).count == generated.count)
        #expect(zip(written, generated).allSatisfy { $0 != $1 })
    }
}
