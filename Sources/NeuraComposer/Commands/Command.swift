import NeuraCore
import NeuraMusic

/// A `:` command line, parsed. Parsing is separate from running so that tests can check both.
public enum Command: Hashable, Sendable {
    /// nil: the file the score came from.
    case write(String?)
    case edit(String)
    case temperature(Float)
    case lengthBars(Int)
    case tempo(Double)
    case topP(Float)
    /// `:parallels avoid|allow`: parallel fifths and octaves between voices.
    case parallels(GenerationControls.Parallels)
    /// `:cadence tonic|free`: how a piece with a set end (`:end N`, `G`) closes.
    case cadence(GenerationControls.Cadence)
    case rngSeed(UInt64)
    case style(String)
    case model(String)
    case theme(String)
    /// nil turns the scale lock off.
    case scale(Scale?)
    case variations(Int)
    /// `:program 40` (the current part), `:program Alto 40`, `:program seed 19` (every part),
    /// `:program gen 19` / `:program gen off` (the generated tracks): a General MIDI program.
    case program(ProgramTarget, Int?)
    /// `:part NAME|N`: the part new notes go into; a new name adds a part.
    case part(PartReference)
    /// `:mute`, `:solo`: the current part, a named one, or (`off`) none.
    case mute(PartTarget)
    case solo(PartTarget)
    /// `:end N`, `:end model`, `:end off`: where `g` ends.
    case end(EndSetting)
    /// `:harmonize [PART]`: write the other parts under the melody of the current part (or PART).
    case harmonize(PartReference?)
    /// `:loop` toggles; `:loop on` / `:loop off` set.
    case loop(Bool?)
    /// `:render FILE.wav`
    case render(String)
    case newScore
    /// `:eval`: the evaluation view.
    case evaluate
    case help
    case quit
    /// `:wq`
    case writeAndQuit
}

public enum CommandError: Error, Hashable, Sendable, CustomStringConvertible {
    case empty
    case unknown(String)
    case missingArgument(command: String, expected: String)
    case badArgument(command: String, argument: String, expected: String)
    case unexpectedArgument(command: String, argument: String)

    public var description: String {
        switch self {
        case .empty: "empty command"
        case .unknown(let name): "unknown command :\(name) (press ? for help)"
        case .missingArgument(let command, let expected): ":\(command) needs \(expected)"
        case .badArgument(let command, let argument, let expected):
            ":\(command) \(argument): expected \(expected)"
        case .unexpectedArgument(let command, let argument): ":\(command) takes no argument, got \(argument)"
        }
    }
}

extension Command {
    /// Parses the text typed after `:`.
    public static func parse(_ line: String) throws(CommandError) -> Command {
        let trimmed = line.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw .empty }
        let name: String
        let argument: String
        if let space = trimmed.firstIndex(of: " ") {
            name = String(trimmed[..<space])
            argument = String(trimmed[space...]).trimmingWhitespace()
        } else {
            name = trimmed
            argument = ""
        }

        func required(_ expected: String) throws(CommandError) -> String {
            guard !argument.isEmpty else { throw .missingArgument(command: name, expected: expected) }
            return argument
        }
        func number(_ expected: String, in range: ClosedRange<Double>) throws(CommandError) -> Double {
            let text = try required(expected)
            guard let value = Double(text), value.isFinite, range.contains(value) else {
                throw .badArgument(command: name, argument: text, expected: expected)
            }
            return value
        }
        func integer(_ expected: String, in range: ClosedRange<Int>) throws(CommandError) -> Int {
            let text = try required(expected)
            guard let value = Int(text), range.contains(value) else {
                throw .badArgument(command: name, argument: text, expected: expected)
            }
            return value
        }
        func noArgument(_ command: Command) throws(CommandError) -> Command {
            guard argument.isEmpty else { throw .unexpectedArgument(command: name, argument: argument) }
            return command
        }

        switch name {
        case "w", "write": return .write(argument.isEmpty ? nil : argument)
        case "e", "edit": return .edit(try required("a MIDI file"))
        case "temp", "temperature":
            // Compared as Float, the type the setting has: 0.05 as a Double is below Float(0.05).
            let range = GenerationLimits.temperature
            let expected = "a temperature \(GenerationLimits.describe(range))"
            let text = try required(expected)
            guard let value = Float(text), value.isFinite, range.contains(value) else {
                throw .badArgument(command: name, argument: text, expected: expected)
            }
            return .temperature(value)
        case "len", "length":
            let range = GenerationLimits.bars
            return .lengthBars(try integer("a number of bars \(GenerationLimits.describe(range))", in: range))
        case "tempo":
            let range = GenerationParameters.tempoRange
            return .tempo(try number("beats per minute from \(Int(range.lowerBound)) to \(Int(range.upperBound))", in: range))
        case "topp", "top-p":
            let value = try number("a probability above 0 and at most 1", in: 0...1)
            guard value > 0 else {
                throw .badArgument(command: name, argument: argument, expected: "a probability above 0 and at most 1")
            }
            return .topP(Float(value))
        case "parallels":
            let text = try required("avoid or allow")
            guard let rule = GenerationControls.Parallels(rawValue: text) else {
                throw .badArgument(command: name, argument: text, expected: "avoid or allow")
            }
            return .parallels(rule)
        case "cadence":
            let text = try required("tonic or free")
            guard let rule = GenerationControls.Cadence(rawValue: text) else {
                throw .badArgument(command: name, argument: text, expected: "tonic or free")
            }
            return .cadence(rule)
        case "seed":
            let text = try required("a whole number")
            guard let value = UInt64(text) else {
                throw .badArgument(command: name, argument: text, expected: "a whole number ≥ 0")
            }
            return .rngSeed(value)
        case "style": return .style(try required("a style: a model's name (e.g. chorale, folk) or a style of the model"))
        case "model": return .model(try required("a model name or .safetensors path"))
        case "theme": return .theme(try required("a theme name or .toml path"))
        case "scale":
            let text = try required("a scale like \"D dorian\" or off")
            if text.lowercased() == "off" { return .scale(nil) }
            guard let scale = try? Scale(parsing: text) else {
                let modes = Scale.modes.keys.sorted().joined(separator: ", ")
                throw .badArgument(command: name, argument: text, expected: "ROOT MODE with MODE one of \(modes)")
            }
            return .scale(scale)
        case "var", "variations":
            let range = GenerationLimits.variations
            return .variations(try integer("a count \(GenerationLimits.describe(range))", in: range))
        case "program", "prog": return try parseProgram(argument, command: name)
        case "part": return .part(PartReference(try required("a part's name or number")))
        case "mute": return .mute(PartTarget(argument))
        case "solo": return .solo(PartTarget(argument))
        case "end":
            let expected = "a bar number, model (the model ends it) or off"
            let text = try required(expected)
            guard let setting = EndSetting(text: text.lowercased()) else {
                throw .badArgument(command: name, argument: text, expected: expected)
            }
            return .end(setting)
        case "harmonize", "harmonise", "harm": return .harmonize(argument.isEmpty ? nil : PartReference(argument))
        case "loop":
            switch argument.lowercased() {
            case "": return .loop(nil)
            case "on": return .loop(true)
            case "off": return .loop(false)
            default: throw .badArgument(command: name, argument: argument, expected: "on, off or nothing (toggle)")
            }
        case "render":
            let path = try required("a .wav file name")
            guard path.lowercased().hasSuffix(".wav") else {
                throw .badArgument(command: name, argument: path, expected: "a file name ending in .wav")
            }
            return .render(path)
        case "new": return try noArgument(.newScore)
        case "eval", "evaluate": return try noArgument(.evaluate)
        case "help", "h": return try noArgument(.help)
        case "q", "quit", "q!": return try noArgument(.quit)
        case "wq", "x": return try noArgument(.writeAndQuit)
        default: throw .unknown(name)
        }
    }
}
