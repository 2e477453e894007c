import Foundation

/// One voice or instrument of a part-aware encoding: its role in the ensemble ("soprano",
/// "violin 1") and the General MIDI program it sounds with. Programs alone cannot tell SATB
/// apart (one program) or two violins; roles can.
public struct PartRole: Hashable, Sendable, Codable {
    public var name: String
    public var program: Int
    /// At most this many notes of the part sound at once (1 for a voice that sings one note at
    /// a time); nil for no limit. Generation keeps to it.
    public var polyphony: Int?

    public init(_ name: String, program: Int = 0, polyphony: Int? = nil) {
        self.name = name
        self.program = program
        self.polyphony = polyphony
    }
}

/// The token vocabulary and the ranges it covers. Stored, with its `vocabulary`,
/// in every token file and every model, so tokens are never read under the wrong encoding.
public struct EncodingConfig: Hashable, Sendable {
    public var stepsPerQuarter: Int
    public var lowestPitch: Int
    public var highestPitch: Int
    /// Longest note, in steps.
    public var maxLength: Int
    /// Largest single time-shift token, in steps; longer gaps take several.
    public var maxShift: Int
    /// 0 means no velocity tokens: notes decode with `defaultVelocity`.
    public var velocityBins: Int
    public var styles: [String]
    /// Empty: one stream of notes (every note in part 0), as single-voice models and the JSB
    /// benchmark use. Otherwise each note says which of these parts it is in: every part has a
    /// pitch token of its own for each pitch, so parts cost no extra tokens.
    public var parts: [PartRole]
    /// 0: no controls. Otherwise the encoding can carry controls, notes and an end given ahead
    /// of time, placed this many steps before their time (at least `maxShift`).
    public var anticipation: Int
    /// With controls: true when a given note is also played, as an ordinary note, at its time
    /// (the control only announces it); false when it is given instead of played.
    public var echoControls: Bool

    public static let defaultVelocity = 90
    public static let maximumParts = 16

    public init(
        stepsPerQuarter: Int = 4, lowestPitch: Int = 21, highestPitch: Int = 108,
        maxLength: Int? = nil, maxShift: Int? = nil, velocityBins: Int = 0, styles: [String] = [],
        parts: [PartRole] = [], anticipation: Int = 0, echoControls: Bool = false
    ) {
        self.stepsPerQuarter = stepsPerQuarter
        self.lowestPitch = lowestPitch
        self.highestPitch = highestPitch
        self.maxLength = maxLength ?? 16 * stepsPerQuarter
        self.maxShift = maxShift ?? 4 * stepsPerQuarter
        self.velocityBins = velocityBins
        self.styles = styles
        self.parts = parts
        self.anticipation = anticipation
        self.echoControls = anticipation > 0 && echoControls
    }

    /// Checks the fields make a usable vocabulary; every entry point that takes a config calls it.
    public func validate() throws {
        func fail(_ detail: String) -> EncodingError { .invalidConfig(detail) }
        guard (1...480).contains(stepsPerQuarter) else { throw fail("stepsPerQuarter \(stepsPerQuarter) is not in 1…480") }
        guard 0 <= lowestPitch, lowestPitch <= highestPitch, highestPitch <= 127 else {
            throw fail("pitch range \(lowestPitch)…\(highestPitch) is not inside 0…127")
        }
        guard (1...100_000).contains(maxLength) else { throw fail("maxLength \(maxLength) is not in 1…100000") }
        guard (1...100_000).contains(maxShift) else { throw fail("maxShift \(maxShift) is not in 1…100000") }
        // Above 64 bins the bin middles no longer fall back into their own bin.
        guard (0...64).contains(velocityBins) else { throw fail("velocityBins \(velocityBins) is not in 0…64") }
        guard Set(styles).count == styles.count, styles.allSatisfy({ !$0.isEmpty }) else {
            throw fail("styles must be distinct and non-empty, got \(styles)")
        }
        guard parts.count <= Self.maximumParts else { throw fail("\(parts.count) parts; at most \(Self.maximumParts)") }
        guard Set(parts.map(\.name)).count == parts.count, parts.allSatisfy({ !$0.name.isEmpty }) else {
            throw fail("part roles must be distinct and non-empty, got \(parts.map(\.name))")
        }
        if let bad = parts.first(where: { !GeneralMIDI.programs.contains($0.program) }) {
            throw fail("part \(bad.name) has program \(bad.program), not a General MIDI program 0…127")
        }
        if let bad = parts.first(where: { ($0.polyphony ?? 1) < 1 }) {
            throw fail("part \(bad.name) has polyphony \(bad.polyphony ?? 0); it must be at least 1")
        }
        guard anticipation == 0 || (maxShift...100_000).contains(anticipation) else {
            throw fail("anticipation \(anticipation) must be 0 (no controls) or at least maxShift (\(maxShift)) steps")
        }
    }

    /// For a config that fails `validate()` this is only `lowestPitch...lowestPitch`: the block
    /// sizes below are clamped too, so an invalid config gives wrong answers, never a crash.
    public var pitchRange: ClosedRange<Int> { lowestPitch...max(lowestPitch, highestPitch) }

    /// Parts of the stream: one for a single-stream encoding.
    public var partCount: Int { max(1, parts.count) }
    public var hasControls: Bool { anticipation > 0 }

    // Token ids by block, in vocabulary order. Encodings without parts or controls keep the
    // ids they always had: the new blocks are empty there.
    public static let bos = 0
    public static let eos = 1
    var styleBase: Int { 2 }
    var pitchBase: Int { styleBase + styles.count }
    var pitchesPerPart: Int { max(highestPitch - lowestPitch + 1, 0) }
    var lengthBase: Int { pitchBase + partCount * pitchesPerPart }
    var shiftBase: Int { lengthBase + max(maxLength, 0) }
    var velocityBase: Int { shiftBase + max(maxShift, 0) }
    var aheadBase: Int { velocityBase + max(velocityBins, 0) }
    var endID: Int { aheadBase + max(anticipation, 0) + 1 }
    public var vocabularySize: Int { hasControls ? endID + 1 : aheadBase }

    public func id(for token: Token) -> Int? {
        switch token {
        case .bos: return Self.bos
        case .eos: return Self.eos
        case .style(let name): return styles.firstIndex(of: name).map { styleBase + $0 }
        case .pitch(let pitch, let part):
            guard lowestPitch <= pitch, pitch <= highestPitch, (0..<partCount).contains(part) else { return nil }
            return pitchBase + part * pitchesPerPart + pitch - lowestPitch
        case .length(let steps): return 1 <= steps && steps <= maxLength ? lengthBase + steps - 1 : nil
        case .shift(let steps): return 1 <= steps && steps <= maxShift ? shiftBase + steps - 1 : nil
        case .velocity(let bin): return 0 <= bin && bin < velocityBins ? velocityBase + bin : nil
        case .ahead(let steps): return hasControls && 0 <= steps && steps <= anticipation ? aheadBase + steps : nil
        case .end: return hasControls ? endID : nil
        }
    }

    public func token(for id: Int) -> Token? {
        switch id {
        case Self.bos: return .bos
        case Self.eos: return .eos
        case styleBase..<pitchBase: return .style(styles[id - styleBase])
        case pitchBase..<lengthBase:
            let offset = id - pitchBase
            return .pitch(offset % pitchesPerPart + lowestPitch, part: offset / pitchesPerPart)
        case lengthBase..<shiftBase: return .length(id - lengthBase + 1)
        case shiftBase..<velocityBase: return .shift(id - shiftBase + 1)
        case velocityBase..<aheadBase: return .velocity(id - velocityBase)
        case aheadBase..<endID where hasControls: return .ahead(id - aheadBase)
        case endID where hasControls: return .end
        default: return nil
        }
    }

    /// A token's name in the vocabulary: in a part-aware encoding every pitch names its part
    /// (`P60/0`); a single stream keeps the names it always had (`P60`).
    public func name(of token: Token) -> String {
        if case .pitch(let pitch, let part) = token, !parts.isEmpty { return "P\(pitch)/\(part)" }
        return token.name
    }

    /// Token names, index = token id.
    public var vocabulary: [String] {
        (0..<vocabularySize).map { name(of: token(for: $0)!) }
    }

    /// The bin a velocity falls in: 127 velocities cut into `velocityBins` equal slices.
    public func velocityBin(for velocity: Int) -> Int {
        guard velocityBins > 0 else { return 0 }
        return min(max((min(max(velocity, 1), 127) - 1) * velocityBins / 127, 0), velocityBins - 1)
    }

    /// The velocity a bin decodes to: its slice's middle.
    public func velocity(forBin bin: Int) -> Int {
        guard velocityBins > 0 else { return Self.defaultVelocity }
        return min(max(1 + (2 * bin + 1) * 127 / (2 * velocityBins), 1), 127)
    }

    /// Whether a note's velocity survives encoding unchanged.
    public func encodesExactly(velocity: Int) -> Bool {
        velocityBins == 0 ? velocity == Self.defaultVelocity : velocity == self.velocity(forBin: velocityBin(for: velocity))
    }

    /// The velocity a note will have after encoding and decoding.
    public func encodedVelocity(_ velocity: Int) -> Int {
        velocityBins == 0 ? Self.defaultVelocity : self.velocity(forBin: velocityBin(for: velocity))
    }
}

extension EncodingConfig {
    /// The config as one JSON object with its vocabulary, keys sorted: what token files hold
    /// under "encoding" and models hold, as a string, in their safetensors metadata.
    public func jsonString() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// Reads `jsonString()`'s form back, checking the vocabulary against the fields.
    public init(jsonString: String) throws {
        do {
            self = try JSONDecoder().decode(EncodingConfig.self, from: Data(jsonString.utf8))
        } catch let error as EncodingError {
            throw error
        } catch {
            throw EncodingError.invalidConfig("not a readable encoding JSON object: \(error)")
        }
    }
}

extension EncodingConfig: Codable {
    private enum CodingKeys: String, CodingKey {
        case stepsPerQuarter, lowestPitch, highestPitch, maxLength, maxShift, velocityBins, styles, parts, anticipation
        case echoControls, vocabulary
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            stepsPerQuarter: try container.decode(Int.self, forKey: .stepsPerQuarter),
            lowestPitch: try container.decode(Int.self, forKey: .lowestPitch),
            highestPitch: try container.decode(Int.self, forKey: .highestPitch),
            maxLength: try container.decode(Int.self, forKey: .maxLength),
            maxShift: try container.decode(Int.self, forKey: .maxShift),
            velocityBins: try container.decodeIfPresent(Int.self, forKey: .velocityBins) ?? 0,
            styles: try container.decodeIfPresent([String].self, forKey: .styles) ?? [],
            parts: try container.decodeIfPresent([PartRole].self, forKey: .parts) ?? [],
            anticipation: try container.decodeIfPresent(Int.self, forKey: .anticipation) ?? 0,
            echoControls: try container.decodeIfPresent(Bool.self, forKey: .echoControls) ?? false)
        try validate()
        let stored = try container.decode([String].self, forKey: .vocabulary)
        let implied = vocabulary
        guard stored == implied else {
            let firstDifference = zip(stored, implied).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(stored.count, implied.count)
            throw EncodingError.vocabularyMismatch(
                stored: stored.count, implied: implied.count, firstDifference: firstDifference)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(stepsPerQuarter, forKey: .stepsPerQuarter)
        try container.encode(lowestPitch, forKey: .lowestPitch)
        try container.encode(highestPitch, forKey: .highestPitch)
        try container.encode(maxLength, forKey: .maxLength)
        try container.encode(maxShift, forKey: .maxShift)
        try container.encode(velocityBins, forKey: .velocityBins)
        try container.encode(styles, forKey: .styles)
        // Written only where used, so single-stream files stay as they always were.
        if !parts.isEmpty { try container.encode(parts, forKey: .parts) }
        if hasControls {
            try container.encode(anticipation, forKey: .anticipation)
            try container.encode(echoControls, forKey: .echoControls)
        }
        try container.encode(vocabulary, forKey: .vocabulary)
    }
}
