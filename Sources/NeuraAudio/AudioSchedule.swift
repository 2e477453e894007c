import NeuraMusic

/// A MIDI message at a time in seconds from the start of the music.
public struct TimedMessage: Equatable, Sendable {
    public var seconds: Double
    public var message: MIDIMessage

    public init(seconds: Double, _ message: MIDIMessage) {
        self.seconds = seconds
        self.message = message
    }
}

/// What a synthesiser is told and when: the channel messages of a MIDI file on one timeline,
/// with the tempo map already applied. Both the offline renderer and the live player read it,
/// so a WAV and the composer's playback sound the same.
public struct AudioSchedule: Equatable, Sendable {
    /// In time order; events at the same time keep the order of the file (track by track).
    public private(set) var events: [TimedMessage]
    /// Seconds to the last event of any track, end-of-track included: where the music ends
    /// and the release tail begins.
    public private(set) var duration: Double

    public init(events: [TimedMessage], duration: Double? = nil) {
        self.events = events.enumerated()
            .sorted { ($0.element.seconds, $0.offset) < ($1.element.seconds, $1.offset) }
            .map(\.element)
        self.duration = max(duration ?? 0, self.events.last?.seconds ?? 0)
    }

    /// Formats 0 and 1 play their tracks together on one tempo map; format 2's tracks are
    /// separate sequences, played one after another, each with its own tempo map.
    public init(file: MIDIFile) {
        var timed: [TimedMessage] = []
        var duration = 0.0
        if file.format == 2 {
            var offset = 0.0
            for track in file.tracks {
                let map = MIDITempoMap(division: file.division, changes: Self.tempoChanges(in: [track]))
                timed += Self.channelMessages(of: track, map: map, offset: offset)
                offset += map.seconds(atTick: track.events.map(\.tick).max() ?? 0)
            }
            duration = offset
        } else {
            let map = MIDITempoMap(division: file.division, changes: Self.tempoChanges(in: file.tracks))
            for track in file.tracks {
                timed += Self.channelMessages(of: track, map: map, offset: 0)
                duration = max(duration, map.seconds(atTick: track.events.map(\.tick).max() ?? 0))
            }
        }
        self.init(events: timed, duration: duration)
    }

    public var noteCount: Int {
        events.count { if case .noteOn(_, _, let velocity) = $0.message { velocity > 0 } else { false } }
    }

    /// The part from `start` seconds on, shifted to begin at 0. Settings made earlier
    /// (programs, controllers, pitch bend) are kept at time 0, so the music sounds as it would
    /// there; notes that began earlier are left out.
    public func starting(at start: Double) -> AudioSchedule {
        guard start > 0 else { return self }
        var kept: [TimedMessage] = []
        for event in events {
            if event.seconds >= start {
                kept.append(TimedMessage(seconds: event.seconds - start, event.message))
                continue
            }
            switch event.message {
            case .programChange, .controlChange, .pitchBend, .channelPressure:
                kept.append(TimedMessage(seconds: 0, event.message))
            default: break
            }
        }
        return AudioSchedule(events: kept, duration: max(0, duration - start))
    }

    private static func tempoChanges(in tracks: [MIDITrack]) -> [(tick: Int, microsecondsPerQuarter: Int)] {
        tracks.flatMap { track in
            track.events.compactMap { event -> (tick: Int, microsecondsPerQuarter: Int)? in
                // A malformed tempo (zero or short data) is ignored, as `neurascore info` does.
                guard let microseconds = event.message.microsecondsPerQuarter, microseconds > 0 else { return nil }
                return (event.tick, microseconds)
            }
        }
    }

    /// Meta events drive the timeline, not the synthesiser; sysex is left out because a stray
    /// reset or master-volume message from an unknown device should not change our render.
    private static func channelMessages(of track: MIDITrack, map: MIDITempoMap, offset: Double) -> [TimedMessage] {
        track.events.compactMap { event in
            switch event.message {
            case .meta, .sysex, .escape: nil
            default: TimedMessage(seconds: offset + map.seconds(atTick: event.tick), event.message)
            }
        }
    }
}
