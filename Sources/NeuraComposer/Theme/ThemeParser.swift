extension Theme {
    static let colorNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// Reads a theme file's text. Every role in `StyleRole` must have a table (the part colours
    /// may be left out, and then take the notes' colours) with `fg`, `bg`
    /// (true colour "#rrggbb" or "default"), `fg256`, `bg256` (0–255, or -1 for default) and
    /// `fg8`, `bg8` (a colour name or "default"); `attrs` ("bold reverse …") is optional.
    public static func parse(_ text: String, file: String) throws(ThemeError) -> Theme {
        let document = try TOMLSubset.parse(text, file: file)
        var name = file.lastPathComponentOfPath
        if name.hasSuffix(".toml") { name = String(name.dropLast(5)) }
        if let entry = document.tables[""]?.entries["name"] {
            guard case .string(let text) = entry.value else {
                throw .badValue(file: file, line: entry.line, key: "name", problem: "expected a string")
            }
            name = text
        }
        for tableName in document.tableOrder where StyleRole(rawValue: tableName) == nil {
            throw .unknownRole(file: file, line: document.tables[tableName]?.line ?? 0, table: tableName)
        }
        var styles: [StyleRole: RoleStyle] = [:]
        for role in StyleRole.allCases {
            if let table = document.tables[role.rawValue] {
                styles[role] = try roleStyle(table, role: role.rawValue, file: file)
            } else if role.fallback == nil {
                throw .missingRole(file: file, role: role.rawValue)
            }
        }
        for role in StyleRole.allCases where styles[role] == nil {
            if let fallback = role.fallback { styles[role] = styles[fallback] }
        }
        return Theme(name: name, styles: styles)
    }

    private static func roleStyle(_ table: TOMLSubset.Table, role: String, file: String) throws(ThemeError) -> RoleStyle {
        let known: Set<String> = ["fg", "bg", "fg256", "bg256", "fg8", "bg8", "attrs"]
        if let stray = table.entries.filter({ !known.contains($0.key) }).min(by: { $0.value.line < $1.value.line }) {
            throw .badValue(file: file, line: stray.value.line, key: stray.key,
                            problem: "unknown key; expected \(known.sorted().joined(separator: ", "))")
        }
        func entry(_ key: String) throws(ThemeError) -> TOMLSubset.Entry {
            guard let entry = table.entries[key] else { throw .missingKey(file: file, role: role, key: key) }
            return entry
        }
        func color(prefix: String) throws(ThemeError) -> ThemeColor {
            ThemeColor(
                trueColor: try hexColor(entry(prefix), key: prefix, file: file),
                palette256: try paletteIndex(entry(prefix + "256"), key: prefix + "256", file: file),
                palette8: try colorName(entry(prefix + "8"), key: prefix + "8", file: file))
        }
        var attributes: TextAttributes = []
        if let attrs = table.entries["attrs"] {
            guard case .string(let words) = attrs.value else {
                throw .badValue(file: file, line: attrs.line, key: "attrs", problem: "expected a string like \"bold underline\"")
            }
            for word in words.split(separator: " ") {
                guard let attribute = TextAttributes.names.first(where: { $0.0 == word })?.1 else {
                    throw .badValue(file: file, line: attrs.line, key: "attrs",
                                    problem: "\(word) is not one of bold, dim, underline, reverse")
                }
                attributes.insert(attribute)
            }
        }
        return RoleStyle(foreground: try color(prefix: "fg"), background: try color(prefix: "bg"), attributes: attributes)
    }

    private static func hexColor(_ entry: TOMLSubset.Entry, key: String, file: String) throws(ThemeError) -> UInt32? {
        guard case .string(let text) = entry.value else {
            throw .badValue(file: file, line: entry.line, key: key, problem: "expected \"#rrggbb\" or \"default\"")
        }
        if text == "default" { return nil }
        guard text.count == 7, text.hasPrefix("#"), let value = UInt32(text.dropFirst(), radix: 16) else {
            throw .badValue(file: file, line: entry.line, key: key, problem: "\(text) is not \"#rrggbb\" or \"default\"")
        }
        return value
    }

    private static func paletteIndex(_ entry: TOMLSubset.Entry, key: String, file: String) throws(ThemeError) -> Int? {
        guard case .integer(let index) = entry.value, (-1...255).contains(index) else {
            throw .badValue(file: file, line: entry.line, key: key, problem: "expected an integer from 0 to 255, or -1 for default")
        }
        return index < 0 ? nil : index
    }

    private static func colorName(_ entry: TOMLSubset.Entry, key: String, file: String) throws(ThemeError) -> Int? {
        guard case .string(let text) = entry.value else {
            throw .badValue(file: file, line: entry.line, key: key, problem: "expected a colour name")
        }
        if text == "default" { return nil }
        guard let index = colorNames.firstIndex(of: text) else {
            throw .badValue(file: file, line: entry.line, key: key,
                            problem: "\(text) is not one of \(colorNames.joined(separator: ", ")) or default")
        }
        return index
    }
}
