import Foundation

/// What the command line looks like before swift-argument-parser reads it. Two cases read
/// badly through the parser alone, so they are sorted out here first:
///
/// - `compose` is the default command, so any first word that is not a command name becomes
///   the composer's file. A mistyped command (`neurascore generat --seed-notes …`) then gets
///   the composer's usage, and a stray word (`neurascore frobnicate`) opens the composer on a
///   file error. A first word that names neither a command nor an existing file, and has no
///   MIDI ending, is refused here as an unknown command, with the nearest command name as a
///   suggestion. `neurascore new.mid` still opens a new piece to be saved there.
/// - The parser takes `-3` for a flag, so `--length -3` says "Missing value". A negative
///   number after a long option is joined to it (`--length=-3`), which the parser reads as
///   the value, so the command's own range check answers.
enum CommandLineTriage {
    /// The problem with the first argument, or nil when the parser should see the line.
    static func unknownCommand(
        in arguments: [String], commands: [String], fileExists: (String) -> Bool = FileManager.default.fileExists(atPath:)
    ) -> String? {
        guard let word = arguments.first, !word.hasPrefix("-"), !commands.contains(word) else { return nil }
        let lowered = word.lowercased()
        let opensAFile = lowered.hasSuffix(".mid") || lowered.hasSuffix(".midi") || word.contains("/") || fileExists(word)
        guard !opensAFile else { return nil }
        var message = "unknown command '\(word)'"
        if let suggestion = nearestCommand(to: word, among: commands) {
            message += " — did you mean \(suggestion)?"
        }
        return message + "\nThe commands are \(commands.joined(separator: ", ")); a .mid file opens it in the composer."
    }

    /// Joins each negative number that follows a long option onto it: `--length -3` becomes
    /// `--length=-3`. Nothing else changes; after `--` every argument is left as it is.
    static func joiningNegativeNumbers(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                result += arguments[index...]
                break
            }
            if argument.hasPrefix("--"), argument.count > 2, !argument.contains("="), index + 1 < arguments.count,
               isNegativeNumber(arguments[index + 1]) {
                result.append(argument + "=" + arguments[index + 1])
                index += 2
                continue
            }
            result.append(argument)
            index += 1
        }
        return result
    }

    static func isNegativeNumber(_ text: String) -> Bool {
        guard text.hasPrefix("-"), text.count > 1 else { return false }
        return Double(text.dropFirst()) != nil && text.dropFirst().first.map { $0.isNumber || $0 == "." } == true
    }

    /// The command within two edits of `word` (or that `word` begins), if exactly one is nearest.
    static func nearestCommand(to word: String, among commands: [String]) -> String? {
        let lowered = word.lowercased()
        let scored = commands.map { (name: $0, distance: editDistance(lowered, $0)) }
        let best = scored.map(\.distance).min() ?? .max
        let nearest = scored.filter { $0.distance == best }
        if best <= 2, nearest.count == 1 { return nearest[0].name }
        let prefixed = commands.filter { lowered.count >= 3 && $0.hasPrefix(lowered) }
        return prefixed.count == 1 ? prefixed[0] : nil
    }

    /// Levenshtein distance: insertions, deletions and substitutions of one character each.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            previous = current
        }
        return previous[b.count]
    }
}
