/// The part of TOML that theme files use: `[table]` headers, `key = value` with basic strings,
/// integers and booleans, and `#` comments. Anything else is an error naming the line.
struct TOMLSubset {
    enum Value: Hashable {
        case string(String)
        case integer(Int)
        case boolean(Bool)
    }

    struct Entry: Hashable {
        var value: Value
        var line: Int
    }

    struct Table: Hashable {
        var line: Int
        var entries: [String: Entry] = [:]
    }

    /// Top-level keys live in the table named "".
    var tables: [String: Table]
    /// Table names in file order, for stable messages.
    var tableOrder: [String]

    static func parse(_ text: String, file: String) throws(ThemeError) -> TOMLSubset {
        var tables = ["": Table(line: 0)]
        var order: [String] = []
        var current = ""
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let line = stripComment(String(rawLine)).trimmingWhitespace()
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), !line.hasPrefix("[[") else {
                    throw .syntax(file: file, line: lineNumber, problem: "a table header looks like [name]")
                }
                let name = String(line.dropFirst().dropLast()).trimmingWhitespace()
                guard isBareKey(name) else {
                    throw .syntax(file: file, line: lineNumber, problem: "table name \"\(name)\" must be letters, digits, - or _")
                }
                guard tables[name] == nil else {
                    throw .syntax(file: file, line: lineNumber, problem: "table [\(name)] appears twice")
                }
                tables[name] = Table(line: lineNumber)
                order.append(name)
                current = name
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw .syntax(file: file, line: lineNumber, problem: "expected key = value or [table]")
            }
            let key = String(line[..<equals]).trimmingWhitespace()
            guard isBareKey(key) else {
                throw .syntax(file: file, line: lineNumber, problem: "key \"\(key)\" must be letters, digits, - or _")
            }
            let valueText = String(line[line.index(after: equals)...]).trimmingWhitespace()
            let value = try parseValue(valueText, file: file, line: lineNumber)
            guard tables[current]?.entries[key] == nil else {
                throw .syntax(file: file, line: lineNumber, problem: "key \(key) is set twice")
            }
            tables[current]?.entries[key] = Entry(value: value, line: lineNumber)
        }
        return TOMLSubset(tables: tables, tableOrder: order)
    }

    private static func isBareKey(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isASCIIHexDigit || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
        }
    }

    /// Drops a `#` comment, leaving any `#` inside a string (colours are "#rrggbb").
    private static func stripComment(_ line: String) -> String {
        var inString = false
        var escaped = false
        var result = ""
        for character in line {
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
            } else if character == "\"" {
                inString = true
            } else if character == "#" {
                break
            }
            result.append(character)
        }
        return result
    }

    private static func parseValue(_ text: String, file: String, line: Int) throws(ThemeError) -> Value {
        if text.isEmpty { throw .syntax(file: file, line: line, problem: "missing value after =") }
        if text.hasPrefix("\"") {
            var result = ""
            var escaped = false
            var closed = false
            for character in text.dropFirst() {
                if closed {
                    throw .syntax(file: file, line: line, problem: "unexpected text after the closing quote")
                }
                if escaped {
                    switch character {
                    case "n": result.append("\n")
                    case "t": result.append("\t")
                    case "\"", "\\": result.append(character)
                    default: throw .syntax(file: file, line: line, problem: "unknown escape \\\(character)")
                    }
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    closed = true
                } else {
                    result.append(character)
                }
            }
            guard closed else { throw .syntax(file: file, line: line, problem: "unterminated string") }
            return .string(result)
        }
        if text == "true" { return .boolean(true) }
        if text == "false" { return .boolean(false) }
        let digits = text.replacingUnderscores()
        if let number = Int(digits) { return .integer(number) }
        throw .syntax(file: file, line: line, problem: "value \(text) is not a \"string\", an integer or true/false")
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
