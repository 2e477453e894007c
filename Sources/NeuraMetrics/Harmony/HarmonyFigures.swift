import NeuraMusic

/// Where a piece's key came from.
public enum KeySource: String, Codable, Sendable {
    case keySignature
    /// `KeyFinder`'s estimate from the notes, for files without a key signature.
    case estimated
}

/// The harmony and part-writing figures of one piece on its step grid.
public struct HarmonyFigures: Hashable, Sendable {
    public var key: Scale?
    public var keySource: KeySource?
    public var voiceLeading: VoiceLeadingReport
    public var finalChord: FinalChord?

    /// `keySignatureIsKnown`: whether the file held a key signature (a `Score` always has one,
    /// C major by default).
    public init(score: Score, keySignatureIsKnown: Bool) {
        key = KeyFinder.key(of: score, keySignatureIsKnown: keySignatureIsKnown)
        keySource = key == nil ? nil : keySignatureIsKnown ? .keySignature : .estimated
        voiceLeading = VoiceLeading.analyse(score)
        finalChord = FinalChord(of: score)
    }

    public var finalBassIsTonic: Bool? {
        guard let key, let finalChord else { return nil }
        return finalChord.bassPitchClass == key.tonic
    }

    public var finalRootIsTonic: Bool? {
        guard let key, let finalChord else { return nil }
        return finalChord.rootPitchClass == key.tonic
    }
}
