import NeuraCore
import NeuraMusic

extension ComposerState {
    /// The most parts a score can have: the token encoding's limit, and a MIDI port's 16 channels.
    static let maximumParts = EncodingConfig.maximumParts

    /// The part the current-part index names; "Part N" for one the score does not list.
    var currentPartInfo: Part { document.score.part(currentPart) }

    /// How messages name a part: its number, counted from 1, and its name.
    func partLabel(_ index: Int) -> String {
        "part \(index + 1) \(document.score.part(index).name)"
    }

    /// t / T: the next or the previous part becomes the one new notes go into.
    mutating func cyclePart(by offset: Int) {
        let count = document.partCount
        guard count > 1 else {
            message = StatusMessage("one part so far: :part NAME adds another")
            return
        }
        currentPart = ((currentPart + offset) % count + count) % count
        announceCurrentPart()
    }

    mutating func announceCurrentPart() {
        let part = currentPartInfo
        message = StatusMessage("\(partLabel(currentPart)) (\(GeneralMIDI.programName(part.program))): new notes go here")
    }

    /// The part `reference` names: its number, its name (case aside), or the start of one name.
    func partIndex(_ reference: PartReference) -> Int? {
        let parts = document.parts
        switch reference {
        case .number(let number):
            return parts.indices.contains(number - 1) ? number - 1 : nil
        case .name(let name):
            let wanted = name.lowercased()
            if let exact = parts.firstIndex(where: { $0.name.lowercased() == wanted }) { return exact }
            let starting = parts.indices.filter { parts[$0].name.lowercased().hasPrefix(wanted) }
            return starting.count == 1 ? starting[0] : nil
        }
    }

    /// "no part Flute; the parts are 1 Soprano, 2 Alto": the message for a name that names none.
    func unknownPartMessage(_ reference: PartReference) -> String {
        let listing = document.parts.enumerated().map { "\($0.offset + 1) \($0.element.name)" }.joined(separator: ", ")
        return "no part \(reference); the parts are \(listing)"
    }

    /// `:part NAME|N`: picks a part, or adds a part of a new name (one undo step). The part of a
    /// new score, which has neither notes nor a name yet, takes the name instead.
    mutating func choosePart(_ reference: PartReference) -> [Effect] {
        if let index = partIndex(reference) {
            currentPart = index
            announceCurrentPart()
            return []
        }
        guard case .name(let name) = reference else {
            message = StatusMessage(unknownPartMessage(reference) + " (:part NAME adds one)", isError: true)
            return []
        }
        let current = currentPart
        let isBlank = !document.score.parts.indices.contains(current)
            && !(document.score.notes + (document.variations.flatMap { $0.notes.map(\.note) })).contains { $0.part == current }
        if isBlank {
            let effects = commitEdit("name part \(current + 1) \(name)") { document in
                document.listAllParts()
                document.score.parts[current].name = name
            }
            message = StatusMessage("\(partLabel(current)): new notes go here")
            return effects
        }
        guard document.partCount < Self.maximumParts else {
            message = StatusMessage("a score has at most \(Self.maximumParts) parts", isError: true)
            return []
        }
        // A new voice of the ensemble sounds like the part the user was writing in.
        let program = currentPartInfo.program
        let effects = commitEdit("add part \(name)") { document in
            document.listAllParts()
            document.score.parts.append(Part(name: name, program: program))
        }
        currentPart = document.partCount - 1
        message = StatusMessage("added \(partLabel(currentPart)): new notes go here")
        return effects
    }

    /// `m`, `:mute [PART|off]` and `s`, `:solo [PART|off]`.
    mutating func toggle(_ kind: PartSwitch, _ target: PartTarget) {
        let index: Int
        switch target {
        case .current: index = currentPart
        case .part(let reference):
            guard let found = partIndex(reference) else {
                message = StatusMessage(unknownPartMessage(reference), isError: true)
                return
            }
            index = found
        case .none:
            switch kind {
            case .mute: playback.muted = []
            case .solo: playback.soloed = []
            }
            message = StatusMessage(kind == .mute ? "no part muted" : "no part soloed: every part plays")
            return
        }
        let label = partLabel(index)
        switch kind {
        case .mute:
            let muting = !playback.muted.contains(index)
            if muting { playback.muted.insert(index) } else { playback.muted.remove(index) }
            message = StatusMessage("\(label) \(muting ? "muted" : "plays again")")
        case .solo:
            let soloing = !playback.soloed.contains(index)
            if soloing { playback.soloed.insert(index) } else { playback.soloed.remove(index) }
            let soloed = playback.soloed.sorted().map { document.score.part($0).name }
            let playing = soloed.joined(separator: ", ")
            message = StatusMessage(soloed.isEmpty ? "no part soloed: every part plays" : "only \(playing) play")
        }
    }

    /// `:program [PART] N`, `:program seed N` (every part), `:program gen N|off` (the generated tracks).
    mutating func setProgram(_ target: ProgramTarget, _ program: Int?) -> [Effect] {
        let sound = program.map { "\($0) (\(GeneralMIDI.programName($0)))" } ?? "off"
        switch target {
        case .generated:
            playback.takeProgram = program
            message = StatusMessage(
                program == nil ? "generated notes play with their part's program" : "generated notes: program \(sound)")
            return []
        case .everyPart:
            guard let program else { return [] }
            message = StatusMessage("every part: program \(sound)")
            return commitEdit("program \(program) for every part") { document in document.giveEveryPart(program: program) }
        case .current, .part:
            var index = currentPart
            if case .part(let reference) = target {
                guard let found = partIndex(reference) else {
                    message = StatusMessage(unknownPartMessage(reference), isError: true)
                    return []
                }
                index = found
            }
            guard let program else { return [] }
            let label = partLabel(index)
            message = StatusMessage("\(label): program \(sound)")
            return commitEdit("program \(program) for \(document.score.part(index).name)") { document in
                document.listAllParts()
                document.score.parts[index].program = program
            }
        }
    }

    /// v…m: the seed notes that start in `steps` go into the current part.
    mutating func moveToCurrentPart(_ steps: Range<Int>) -> [Effect] {
        let target = currentPart
        let moving = document.score.notes.filter { steps.contains($0.start) && $0.part != target }
        guard !moving.isEmpty else {
            message = StatusMessage("no notes of other parts in the selection (t picks the part to move them to)")
            return []
        }
        let name = currentPartInfo.name
        message = StatusMessage("moved \(plural(moving.count, "note")) to \(partLabel(target))")
        return commitEdit("move \(plural(moving.count, "note")) to \(name)") { document in
            document.listAllParts()
            // A note moved onto one of the same pitch and start in the part replaces it.
            let moved = document.score.notes.filter { steps.contains($0.start) }.map { note -> Note in
                var into = note
                into.part = target
                return into
            }
            var seen = Set<[Int]>()
            let unique = moved.reversed().filter { seen.insert([$0.pitch, $0.start]).inserted }
            let others = document.score.notes.filter { !steps.contains($0.start) }
            document.setSeedNotes(others + unique)
        }
    }
}
