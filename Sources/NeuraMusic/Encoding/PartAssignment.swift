/// Which part of an encoding each part of a score goes to. A part goes to the role it is named
/// after ("Soprano", "S", "Violin I" for "violin 1"); the rest take the free roles by register,
/// highest first, since an encoding lists its roles from the top voice down. Parts beyond the
/// roles join the role nearest in register.
public struct PartAssignment: Hashable, Sendable {
    /// Score part index → encoding part index.
    public var role: [Int: Int]
    /// Score parts given a role by register rather than by name, as "Part 1 → soprano".
    public var byRegister: [String]
    /// Score parts merged into a role another part already had, as "Quinto → alto".
    public var merged: [String]
    /// Score parts left out: every role went to a part of its own name, and these are extra
    /// (a chorale's doubling instruments). Their notes are not encoded.
    public var dropped: [String]

    public init(score: Score, config: EncodingConfig) {
        role = [:]
        byRegister = []
        merged = []
        dropped = []
        let used = Set(score.notes.map(\.part)).sorted()
        guard !config.parts.isEmpty else {
            for part in used { role[part] = 0 }
            if used.count > 1 { merged = used.dropFirst().map { "\(score.part($0).name) → the one voice" } }
            return
        }
        let roles = config.parts.map { Self.normalised($0.name) }
        var taken = Set<Int>()
        for part in used {
            let name = Self.normalised(score.part(part).name)
            if let index = roles.indices.first(where: { !taken.contains($0) && Self.name(name, matches: roles[$0]) }) {
                role[part] = index
                taken.insert(index)
            }
        }
        var meanPitch: [Int: Double] = [:]
        for part in used {
            let pitches = score.notes.filter { $0.part == part }.map { Double($0.pitch) }
            meanPitch[part] = pitches.reduce(0, +) / Double(max(pitches.count, 1))
        }
        let unnamed = used.filter { role[$0] == nil }.sorted { meanPitch[$0]! > meanPitch[$1]! }
        var free = roles.indices.filter { !taken.contains($0) }
        for part in unnamed {
            if !free.isEmpty {
                let index = free.removeFirst()
                role[part] = index
                byRegister.append("\(score.part(part).name) → \(config.parts[index].name)")
                continue
            }
            if taken.count == roles.count {
                dropped.append(score.part(part).name)
                continue
            }
            // More parts than roles: join the role of the placed part nearest in register.
            let nearest = role.keys.min { abs(meanPitch[$0]! - meanPitch[part]!) < abs(meanPitch[$1]! - meanPitch[part]!) }
            let index = nearest.flatMap { role[$0] } ?? 0
            role[part] = index
            merged.append("\(score.part(part).name) → \(config.parts[index].name)")
        }
    }

    /// Lower case, punctuation dropped, roman numerals as digits, "violoncello" as "cello".
    static func normalised(_ name: String) -> String {
        let letters = String(name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : " " })
        let words = letters.split(separator: " ")
            .map { word -> String in
                switch String(word) {
                case "i", "1st", "first": "1"
                case "ii", "2nd", "second": "2"
                case "iii", "3rd", "third": "3"
                case "iv": "4"
                case "violoncello", "vc", "vlc": "cello"
                default: String(word)
                }
            }
        return words.joined(separator: " ")
    }

    /// "soprano", "s", "sop" for "soprano"; "violin 1", "v1", "vn 1" for "violin 1".
    static func name(_ name: String, matches role: String) -> Bool {
        guard !name.isEmpty else { return false }
        if name == role { return true }
        let roleWords = role.split(separator: " ")
        let initials = String(roleWords.compactMap(\.first))
        if name.filter({ $0 != " " }) == initials { return true }
        // The same words in another order: "1st Violin" for "violin 1".
        if Set(name.split(separator: " ")) == Set(roleWords) { return true }
        // An abbreviation of the role's first word, with the same number if the role has one.
        let nameWords = name.split(separator: " ")
        guard let first = nameWords.first, first.count >= 2, let roleFirst = roleWords.first,
              roleFirst.hasPrefix(first) else { return false }
        return nameWords.dropFirst().joined(separator: " ") == roleWords.dropFirst().joined(separator: " ")
    }
}

extension EncodingConfig {
    /// The part whose role `name` names: the role itself ("alto"), its initials ("A", "V1"), or
    /// an abbreviation ("sop", "Violin I" for "violin 1"); nil if none does.
    public func role(named name: String) -> Int? {
        let wanted = PartAssignment.normalised(name)
        return parts.indices.first { PartAssignment.name(wanted, matches: PartAssignment.normalised(parts[$0].name)) }
    }
}
