/// A part as a command names it: by number, counted from 1, or by name.
public enum PartReference: Hashable, Sendable, CustomStringConvertible {
    case number(Int)
    case name(String)

    public init(_ text: String) {
        if let number = Int(text) { self = .number(number) } else { self = .name(text) }
    }

    public var description: String {
        switch self {
        case .number(let number): "\(number)"
        case .name(let name): name
        }
    }
}

/// Which part `:mute` and `:solo` switch: the current one, a named one, or (`off`) none.
public enum PartTarget: Hashable, Sendable {
    case current
    case part(PartReference)
    case none

    init(_ argument: String) {
        switch argument.lowercased() {
        case "": self = .current
        case "off": self = .none
        default: self = .part(PartReference(argument))
        }
    }
}

public enum PartSwitch: Hashable, Sendable {
    case mute, solo
}

/// What a `:program` command sets the sound of.
public enum ProgramTarget: Hashable, Sendable {
    case current
    case part(PartReference)
    /// `seed`: every part (what `:program seed N` set before scores had parts).
    case everyPart
    /// `gen`: the tracks of the generated notes, in place of their parts' programs.
    case generated
}

extension Command {
    /// `N`, `PART N`, `seed N`, `gen N|off`; PART may have spaces ("Violin 1 40").
    static func parseProgram(_ argument: String, command: String) throws(CommandError) -> Command {
        let expected = "[PART|seed|gen] and a General MIDI program 0–127 (gen also takes off)"
        let words = argument.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let last = words.last else { throw .missingArgument(command: command, expected: expected) }
        let head = words.dropLast().joined(separator: " ")
        let target: ProgramTarget
        switch head.lowercased() {
        case "": target = .current
        case "seed": target = .everyPart
        case "gen", "generated": target = .generated
        default: target = .part(PartReference(head))
        }
        if target == .generated, last.lowercased() == "off" { return .program(.generated, nil) }
        guard let program = Int(last), PlaybackSettings.programRange.contains(program) else {
            throw .badArgument(command: command, argument: argument, expected: expected)
        }
        return .program(target, program)
    }
}
