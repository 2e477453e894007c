import Testing
@testable import NeuraMusic

/// The part-aware encoding and controls, property-tested with fixed seeds: every failure
/// reproduces. `decode(encode(score)) == score`, parts and controls included, and the grammar
/// accepts exactly what `encode` writes.
@Suite struct EncodingPartsAndControlsTests {
    static let satb = [PartRole("soprano", program: 52), PartRole("alto", program: 52),
                       PartRole("tenor", program: 52), PartRole("bass", program: 52)]
    static let configs = [
        EncodingConfig(lowestPitch: 36, highestPitch: 84, maxLength: 16, maxShift: 8, parts: satb),
        EncodingConfig(lowestPitch: 36, highestPitch: 84, maxLength: 16, maxShift: 8, parts: satb, anticipation: 8),
        EncodingConfig(stepsPerQuarter: 2, lowestPitch: 50, highestPitch: 70, maxLength: 6, maxShift: 4, velocityBins: 3,
                       styles: ["x"], anticipation: 10),
        EncodingConfig(lowestPitch: 40, highestPitch: 60, maxLength: 8, maxShift: 4,
                       parts: (1...16).map { PartRole("voice \($0)") }, anticipation: 4),
    ]

    /// A random score in the config's parts, and a random share of its notes (and maybe an end)
    /// as controls when the config has them.
    static func randomPiece(_ config: EncodingConfig, _ rng: inout SplitMix64) -> (score: Score, controls: Controls) {
        var notes: [Int: Note] = [:]
        let span = Int.random(in: 1...80, using: &rng)
        for _ in 0..<Int.random(in: 0...50, using: &rng) {
            let note = Note(
                pitch: Int.random(in: config.pitchRange, using: &rng), start: Int.random(in: 0..<span, using: &rng),
                length: Int.random(in: 1...config.maxLength, using: &rng),
                velocity: config.encodedVelocity(Int.random(in: 1...127, using: &rng)),
                part: Int.random(in: 0..<config.partCount, using: &rng))
            notes[(note.start << 4 | note.part) << 7 | note.pitch] = note
        }
        var events = Array(notes.values)
        var controls = Controls()
        if config.hasControls {
            let share = Double.random(in: 0...1, using: &rng)
            controls.notes = events.filter { _ in Double.random(in: 0...1, using: &rng) < share }
            events.removeAll { controls.notes.contains($0) }
        }
        let style = config.styles.isEmpty || Bool.random(using: &rng) ? nil : config.styles.randomElement(using: &rng)
        let score = Score(stepsPerQuarter: config.stepsPerQuarter, notes: events,
                          length: Int.random(in: 0...(span + 20), using: &rng), style: style, parts: config.roleParts)
        if config.hasControls, Bool.random(using: &rng) {
            let last = max(score.length, (score.notes + controls.notes).map(\.end).max() ?? 0)
            controls.end = last + Int.random(in: 0...12, using: &rng)
        }
        return (score, controls)
    }

    @Test(arguments: configs.indices)
    func randomPiecesRoundTripWithTheirPartsAndControls(configIndex: Int) throws {
        let config = Self.configs[configIndex]
        var rng = SplitMix64(seed: 0x9A27 + UInt64(configIndex))
        for _ in 0..<150 {
            let (score, controls) = Self.randomPiece(config, &rng)
            let tokens = try config.encode(score, controls: controls)
            var decoder = TokenDecoder(config: config)
            for token in tokens {
                #expect(decoder.isAllowed(token), "the grammar must accept what encode writes")
                try decoder.feed(token)
            }
            #expect(decoder.notes.sorted(by: Score.noteOrder) == score.notes)
            #expect(decoder.controls.sorted(by: Score.noteOrder) == controls.notes.sorted(by: Score.noteOrder))
            #expect(decoder.endAt == controls.end)
            let whole = Score(
                stepsPerQuarter: score.stepsPerQuarter, notes: score.notes + controls.notes,
                length: controls.end ?? score.length, style: score.style, parts: config.roleParts)
            #expect(try config.decode(tokens) == whole)
            // The control tokens sit ahead of their notes' time, by at most the anticipation.
            for (position, id) in tokens.enumerated() {
                guard case .ahead(let steps)? = config.token(for: id) else { continue }
                #expect(steps <= config.anticipation, "A\(steps) at \(position)")
            }
        }
    }

    @Test(arguments: configs.indices)
    func transpositionCommutesWithEncodingPartByPart(configIndex: Int) throws {
        let config = Self.configs[configIndex]
        var rng = SplitMix64(seed: 0x71 + UInt64(configIndex))
        for _ in 0..<60 {
            let (score, controls) = Self.randomPiece(config, &rng)
            var whole = score
            whole.notes += controls.notes
            for semitones in config.transpositions(keeping: whole, within: -5...5) {
                let moved = Controls(notes: controls.notes.map { var note = $0; note.pitch += semitones; return note },
                                     end: controls.end)
                #expect(try config.encode(score.transposed(by: semitones), controls: moved)
                        == config.transposeTokens(config.encode(score, controls: controls), by: semitones))
            }
        }
    }

    /// Sampling anything the mask allows, controls included, always yields a piece whose
    /// encoding is exactly the tokens drawn: the grammar and the encoder describe one language.
    @Test(arguments: configs.indices)
    func maskedRandomSamplingIsAlwaysCanonical(configIndex: Int) throws {
        let config = Self.configs[configIndex]
        var rng = SplitMix64(seed: 0xCA11 + UInt64(configIndex))
        for _ in 0..<150 {
            var decoder = TokenDecoder(config: config)
            var tokens: [Int] = []
            while !decoder.isFinished {
                let allowed = decoder.allowedTokens().enumerated().filter(\.element).map(\.offset)
                try #require(!allowed.isEmpty, "the mask must never leave the sampler without a choice: \(tokens)")
                var choice = allowed.randomElement(using: &rng)!
                if tokens.count > 80 {
                    let shift = config.id(for: .shift(config.maxShift))!
                    choice = allowed.contains(EncodingConfig.eos) ? EncodingConfig.eos
                        : allowed.contains(shift) ? shift : allowed.filter { config.token(for: $0).map(Self.isShift) ?? false }.first ?? allowed[0]
                }
                tokens.append(choice)
                try decoder.feed(choice)
            }
            var events = try decoder.finish()
            events.notes = decoder.notes
            let controls = Controls(notes: decoder.controls, end: decoder.endAt)
            #expect(try config.encode(events, controls: controls) == tokens)
        }
    }

    static func isShift(_ token: Token) -> Bool {
        if case .shift = token { return true }
        return false
    }

    @Test func partTokensCostNothingAndControlsThreePerNote() throws {
        let plain = EncodingConfig(lowestPitch: 36, highestPitch: 84, maxLength: 16, maxShift: 8)
        let parts = Self.configs[0]
        let anticipated = Self.configs[1]
        let chord = (0..<4).map { Note(pitch: [72, 67, 60, 48][$0], start: 0, length: 4, part: $0) }
        let score = Score(notes: chord, parts: parts.roleParts)
        var merged = score
        merged.notes = chord.map { var note = $0; note.part = 0; return note }
        #expect(try parts.encode(score).count == plain.encode(merged).count)
        var events = score
        events.notes = Array(chord.dropFirst())
        let given = try anticipated.encode(events, controls: Controls(notes: [chord[0]], end: 4))
        #expect(given.count == (try anticipated.encode(score)).count + 1 + 2)
        #expect(anticipated.vocabulary.suffix(2) == ["A8", "END"])
        #expect(parts.vocabulary.contains("P60/2") && !parts.vocabulary.contains("P60"))
        // Soprano first within a step: the part order, not the pitch order.
        let names = try parts.encode(score).map { parts.vocabulary[$0] }
        #expect(names.prefix(4) == ["BOS", "P72/0", "L4", "P67/1"])
    }

    @Test func singleStreamEncodingsKeepTheirVocabularyAndJSON() throws {
        let config = EncodingConfig()
        #expect(config.vocabulary.first { $0.hasPrefix("P") } == "P21")
        #expect(config.vocabularySize == 2 + 88 + 64 + 16)
        let json = try config.jsonString()
        #expect(!json.contains("parts") && !json.contains("anticipation"))
        let parted = Self.configs[1]
        #expect(try EncodingConfig(jsonString: parted.jsonString()) == parted)
    }

    @Test func echoedControlsAnnounceNotesThatArePlayedToo() throws {
        let config = EncodingConfig(lowestPitch: 36, highestPitch: 84, maxLength: 16, maxShift: 8,
                                    parts: Self.satb, anticipation: 8, echoControls: true)
        var rng = SplitMix64(seed: 0xEC40)
        for _ in 0..<100 {
            let (score, _) = Self.randomPiece(config, &rng)
            let given = score.notes.filter { _ in Bool.random(using: &rng) }
            let tokens = try config.encode(score, controls: Controls(notes: given))
            var decoder = TokenDecoder(config: config)
            for token in tokens { try decoder.feed(token) }
            #expect(decoder.notes.sorted(by: Score.noteOrder) == score.notes)
            #expect(decoder.controls.sorted(by: Score.noteOrder) == given.sorted(by: Score.noteOrder))
            // The piece holds each note once.
            #expect(try config.decode(tokens).notes == score.notes)
        }
        #expect(try EncodingConfig(jsonString: config.jsonString()).echoControls)
    }

    @Test func controlsOutOfPlaceAreRefused() throws {
        let config = Self.configs[1]
        func ids(_ names: String...) -> [Int] { names.map { config.vocabulary.firstIndex(of: $0)! } }
        // A control due at the start (step 8 ≤ 0 + 8) cannot wait for the next control point.
        var late = TokenDecoder(config: config)
        for id in ids("BOS", "T8") { try late.feed(id) }
        #expect(!late.isAllowed(ids("A0")[0]))
        #expect(late.isAllowed(ids("A1")[0]))
        // No control between a step's notes; none before their time.
        var between = TokenDecoder(config: config)
        for id in ids("BOS", "P60/1", "L2") { try between.feed(id) }
        #expect(!between.isAllowed(ids("A8")[0]))
        // After END nothing sounds past it, and EOS comes exactly on it.
        var ending = TokenDecoder(config: config)
        for id in ids("BOS", "A4", "END", "P60/0") { try ending.feed(id) }
        #expect(!ending.isAllowed(ids("L5")[0]) && ending.isAllowed(ids("L4")[0]))
        try ending.feed(ids("L4")[0])
        #expect(!ending.isAllowed(EncodingConfig.eos))
        #expect(!ending.isAllowed(ids("T8")[0]))
        try ending.feed(ids("T4")[0])
        #expect(ending.isAllowed(EncodingConfig.eos))
        #expect(throws: EncodingError.self) { try config.encode(Score(notes: [Note(pitch: 60, start: 0, length: 8)]), controls: Controls(end: 4)) }
        #expect(throws: EncodingError.self) { try Self.configs[0].encode(Score(), controls: Controls(end: 4)) }
    }
}

/// Training pieces for a model with controls: the same piece written plainly and with some of
/// its music given ahead of time, reproducibly.
@Suite struct ControlMixTests {
    static let config = EncodingConfig(lowestPitch: 36, highestPitch: 84, maxLength: 16, maxShift: 8,
                                       parts: EncodingPartsAndControlsTests.satb, anticipation: 16)
    static let piece = Score(
        notes: (0..<4).flatMap { voice in (0..<32).map { Note(pitch: [72, 67, 60, 48][voice] + $0 % 4, start: 4 * $0, length: 4, part: voice) } },
        parts: config.roleParts)

    @Test func everyWritingHoldsThePieceAndTheFirstIsPlain() throws {
        let mix = ControlMix(renderings: 24, seed: 5)
        let writings = mix.renderings(of: Self.piece, source: "a.mid", config: Self.config)
        #expect(writings.count == 24)
        #expect(writings[0].kind == .plain && writings[0].controls.isEmpty)
        #expect(Set(writings.map(\.kind)) == Set(ControlMix.Kind.allCases))
        for writing in writings {
            let all = (writing.events.notes + writing.controls.notes).sorted(by: Score.noteOrder)
            #expect(all == Self.piece.notes, "\(writing.kind) lost or added notes")
            let tokens = try Self.config.encode(writing.events, controls: writing.controls)
            #expect(try Self.config.decode(tokens).notes == Self.piece.notes)
            switch writing.kind {
            case .plain: #expect(writing.controls.isEmpty)
            case .ending: #expect(writing.controls.notes.isEmpty && writing.controls.end == 128)
            case .harmonization:
                let given = Set(writing.controls.notes.map(\.part))
                #expect(!given.isEmpty && given.count < 4)
            case .infill:
                let first = try #require(writing.controls.notes.map(\.start).min())
                #expect(first % 16 == 0 && writing.controls.notes.allSatisfy { $0.start < first + 32 })
            }
        }
        #expect(mix.renderings(of: Self.piece, source: "a.mid", config: Self.config) == writings)
        #expect(mix.renderings(of: Self.piece, source: "b.mid", config: Self.config) != writings)
    }

    @Test func echoedWritingsPlayEveryNoteAndGiveSomeAhead() throws {
        var echo = Self.config
        echo.echoControls = true
        for writing in ControlMix(renderings: 12, seed: 2).renderings(of: Self.piece, source: "a.mid", config: echo) {
            #expect(writing.events.notes == Self.piece.notes)
            #expect(writing.controls.notes.allSatisfy(Self.piece.notes.contains))
            _ = try echo.encode(writing.events, controls: writing.controls)
        }
    }

    @Test func withoutControlsAPieceIsWrittenOnce() {
        var plain = Self.config
        plain.anticipation = 0
        #expect(ControlMix(renderings: 4).renderings(of: Self.piece, source: "a.mid", config: plain).count == 1)
    }
}

/// A score's parts go to the encoding's roles by name first, then by register.
@Suite struct PartAssignmentTests {
    static let quartet = EncodingConfig(parts: [PartRole("violin 1", program: 40), PartRole("violin 2", program: 40),
                                                PartRole("viola", program: 41), PartRole("cello", program: 42)])

    @Test(arguments: [
        ("Violin I", 0), ("1st Violin", 0), ("Violin 2", 1), ("2nd Violin", 1), ("Viola", 2), ("Violoncello", 3),
        ("Cello", 3), ("vc", 3), ("V1", 0), ("Piano", nil),
    ] as [(String, Int?)])
    func namesFindTheirRole(name: String, role: Int?) {
        #expect(Self.quartet.role(named: name) == role)
    }

    @Test func unnamedPartsTakeTheFreeRolesByRegisterAndExtraNamedOnesAreLeftOut() {
        let satb = EncodingConfig(parts: EncodingPartsAndControlsTests.satb)
        // "Bass" by name; two unnamed parts by register, highest first; nothing left for a fifth.
        let score = Score(notes: [
            Note(pitch: 48, start: 0, length: 4, part: 0), Note(pitch: 72, start: 0, length: 4, part: 1),
            Note(pitch: 64, start: 0, length: 4, part: 2),
        ], parts: [Part(name: "Bass"), Part(name: "Part 2"), Part(name: "Part 3")])
        let assignment = PartAssignment(score: score, config: satb)
        #expect(assignment.role == [0: 3, 1: 0, 2: 1])
        #expect(assignment.byRegister == ["Part 2 → soprano", "Part 3 → alto"])
        var doubled = Score(notes: (0..<5).map { Note(pitch: 60 + $0, start: 0, length: 4, part: $0) },
                            parts: ["Soprano", "Alto", "Tenor", "Bass", "Violin"].map { Part(name: $0) })
        doubled.style = nil
        let fitted = PartAssignment(score: doubled, config: satb)
        #expect(fitted.dropped == ["Violin"] && fitted.role[4] == nil)
    }
}
