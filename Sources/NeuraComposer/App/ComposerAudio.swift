import Foundation
import NeuraAudio
import NeuraMusic

/// The composer's sound through NeuraAudio: a live player for Space and note previews, and the
/// offline renderer for `:render`. Both play the take exactly as `:w` would write it.
public struct ComposerAudio: Sendable {
    /// `--soundfont`; nil looks in $NEURASCORE_SOUNDFONT, then the installed GM fonts.
    public var soundFontPath: String?

    public init(soundFontPath: String? = nil) {
        self.soundFontPath = soundFontPath
    }

    /// Loads the SoundFont and opens the first audio driver that answers. Slow (the SoundFont is
    /// read whole), so the shell calls it off the UI thread.
    public func openPlayer() throws(AudioError) -> LivePlayer {
        try LivePlayer.open(soundFont: SoundFont.locate(explicit: soundFontPath))
    }

    public func render(_ take: ExportedTake, toPath path: String) throws(AudioError) -> RenderedAudio {
        let font = try SoundFont.locate(explicit: soundFontPath)
        return try AudioRendering.renderWAV(Self.schedule(of: take), source: "the session", to: path, soundFont: font)
    }

    static func schedule(of take: ExportedTake) -> AudioSchedule {
        AudioRendering.schedule(score: take.seed, generated: take.generated, options: take.exportOptions(title: "NeuraScore"))
    }

    /// The take from `step` on: the seconds come from the score's single tempo, as the playhead's do.
    static func schedule(of take: ExportedTake, fromStep step: Int) -> AudioSchedule {
        let stepsPerSecond = max(take.seed.tempo, 1) / 60 * Double(max(take.seed.stepsPerQuarter, 1))
        return schedule(of: take).starting(at: Double(step) / stepsPerSecond)
    }
}

/// Hands the player opened on a background queue to the UI thread.
final class PlayerSlot: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: LivePlayer?

    var player: LivePlayer? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
