import CFluidSynth
import Foundation

/// A General MIDI SoundFont file that FluidSynth recognises.
public struct SoundFont: Hashable, Sendable {
    public let path: String

    /// Checks the file's header, so a wrong path fails here rather than deep inside a render.
    public init(path: String) throws(AudioError) {
        guard FileManager.default.fileExists(atPath: path) else { throw .soundFontMissing(path: path) }
        ns_fluid_silence_logging()
        guard FileManager.default.isReadableFile(atPath: path), fluid_is_soundfont(path) != 0 else {
            throw .notASoundFont(path: path)
        }
        self.path = path
    }

    public static let environmentVariable = "NEURASCORE_SOUNDFONT"

    /// The installed fonts, best first: the larger Debian GM fonts when present, then the small
    /// default (timgm6mb-soundfont), then whatever the system's GM alternative points to.
    public static let installedCandidates = [
        "/usr/share/sounds/sf2/FluidR3_GM.sf2",
        "/usr/share/sounds/sf3/MuseScore_General.sf3",
        "/usr/share/sounds/sf2/MuseScore_General.sf2",
        "/usr/share/sounds/sf2/TimGM6mb.sf2",
        "/usr/share/sounds/sf2/default-GM.sf2",
    ]

    /// `explicit` (from `--soundfont`), then `$NEURASCORE_SOUNDFONT`, then the installed fonts.
    /// A font that is named but broken is an error, never silently replaced by another.
    public static func locate(
        explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        candidates: [String] = installedCandidates
    ) throws(AudioError) -> SoundFont {
        if let explicit { return try SoundFont(path: (explicit as NSString).expandingTildeInPath) }
        if let named = environment[environmentVariable], !named.isEmpty {
            return try SoundFont(path: (named as NSString).expandingTildeInPath)
        }
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate) {
            if let font = try? SoundFont(path: candidate) { return font }
        }
        throw .noSoundFont(searched: ["$" + environmentVariable] + candidates)
    }
}
