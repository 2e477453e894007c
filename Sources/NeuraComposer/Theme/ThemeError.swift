public enum ThemeError: Error, Hashable, Sendable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case syntax(file: String, line: Int, problem: String)
    case badValue(file: String, line: Int, key: String, problem: String)
    case unknownRole(file: String, line: Int, table: String)
    case missingKey(file: String, role: String, key: String)
    case missingRole(file: String, role: String)
    case notFound(name: String, searched: [String])

    public var description: String {
        switch self {
        case .unreadable(let file, let reason): "\(file): cannot read theme: \(reason)"
        case .syntax(let file, let line, let problem): "\(file):\(line): \(problem)"
        case .badValue(let file, let line, let key, let problem): "\(file):\(line): \(key): \(problem)"
        case .unknownRole(let file, let line, let table):
            "\(file):\(line): [\(table)] is not a UI role (known: \(StyleRole.allCases.map(\.rawValue).joined(separator: ", ")))"
        case .missingKey(let file, let role, let key): "\(file): [\(role)] has no \(key)"
        case .missingRole(let file, let role): "\(file): no [\(role)] table; every UI role needs a colour"
        case .notFound(let name, let searched):
            "theme \(name) not found; looked in \(searched.isEmpty ? "no folders" : searched.joined(separator: ", "))"
        }
    }
}
