import Foundation
import NeuraMusic

/// The four voices of vocal part-writing, each with its usual range.
public enum VoiceRole: String, CaseIterable, Codable, Sendable {
    case soprano, alto, tenor, bass

    /// The usual range of the voice in four-part writing (Kostka & Payne), in MIDI pitches:
    /// soprano C4–G5, alto G3–D5, tenor C3–G4, bass E2–C4.
    public var range: ClosedRange<Int> {
        switch self {
        case .soprano: 60...79
        case .alto: 55...74
        case .tenor: 48...67
        case .bass: 40...60
        }
    }

    /// The voice a part's name gives: "Soprano" or "S", "Alto" or "A", "Tenor" or "T",
    /// "Bass" or "B", in any case and without surrounding spaces.
    public init?(partName: String) {
        let name = partName.trimmingCharacters(in: .whitespaces).lowercased()
        guard let role = Self.allCases.first(where: { $0.rawValue == name || String($0.rawValue.prefix(1)) == name }) else {
            return nil
        }
        self = role
    }
}

/// One part of a score as a voice of the texture.
public struct Voice: Hashable, Sendable, Codable {
    /// The index into `Score.parts`.
    public var part: Int
    public var name: String
    /// Nil where the voices could not be told apart as soprano, alto, tenor and bass.
    public var role: VoiceRole?
}

/// How the voices of a score were told apart.
public enum VoiceIdentification: String, Codable, Sendable {
    /// Every part with notes is named for a distinct voice (Soprano, Alto, Tenor, Bass).
    case partNames
    /// Otherwise, by mean pitch, highest first; roles only when there are exactly four parts.
    case registerOrder
}

/// The pitched parts of a score that hold notes, top voice first.
public struct Voices: Hashable, Sendable {
    public var voices: [Voice]
    public var identification: VoiceIdentification

    public init(of score: Score) {
        let parts = Set(score.notes.map(\.part)).filter { !score.part($0).isDrum }
        let named = parts.compactMap { part in VoiceRole(partName: score.part(part).name).map { (part: part, role: $0) } }
        if !parts.isEmpty, named.count == parts.count, Set(named.map(\.role)).count == named.count {
            voices = VoiceRole.allCases.compactMap { role in
                named.first { $0.role == role }.map { Voice(part: $0.part, name: score.part($0.part).name, role: role) }
            }
            identification = .partNames
            return
        }
        var pitchSums: [Int: (total: Int, count: Int)] = [:]
        for note in score.notes where parts.contains(note.part) {
            pitchSums[note.part, default: (0, 0)].total += note.pitch
            pitchSums[note.part, default: (0, 0)].count += 1
        }
        let ordered = pitchSums.map { (part: $0.key, meanPitch: Double($0.value.total) / Double($0.value.count)) }
            .sorted { (-$0.meanPitch, $0.part) < (-$1.meanPitch, $1.part) }
            .map(\.part)
        let registerRoles: [VoiceRole?] = ordered.count == 4 ? VoiceRole.allCases : Array(repeating: nil, count: ordered.count)
        voices = zip(ordered, registerRoles).map { Voice(part: $0, name: score.part($0).name, role: $1) }
        identification = .registerOrder
    }
}
