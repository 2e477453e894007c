import Foundation

/// The parts of a MIDI file as import sees them. Every track/channel pair with a note-on is
/// a part; in format 0, whose one track holds everything, that makes every channel a part.
/// Pitched parts come first, in (track, channel) order, then the drum parts (channel 10), so
/// the pitched numbering does not depend on where the drums sit.
///
/// A part is named, in this order of preference: by a track-name or instrument-name event
/// under a MIDI channel prefix for its channel; by its track's name (formats 1 and 2; with
/// " (channel N)" added when the track holds several parts; format 0's one track name is the
/// sequence's title, so it names no part); by its track's instrument name when the track
/// holds only this part; "Drums" for a drum part; the General MIDI name of its program; or
/// "Channel N". Its program is the one in effect on its track and channel at its first
/// note-on, as pretty_midi reads programs (per track). Everything that does not fit this
/// picture is reported: notes before any program change, a program that changes midway, and
/// parts past the limit, which are merged into the most alike of the others.
struct PartLayout {
    struct Source: Hashable, Comparable, Sendable {
        var track: Int
        var channel: UInt8

        static func < (a: Self, b: Self) -> Bool { (a.track, a.channel) < (b.track, b.channel) }
        var isDrum: Bool { Int(channel) == GeneralMIDI.drumChannel }
    }

    /// The token encoding's limit; a MIDI port's 16 channels hold no more either.
    static let maximumPartCount = EncodingConfig.maximumParts

    private(set) var parts: [Part]
    /// Where each part's notes come from: one source, or several after a merge.
    private(set) var sources: [[Source]]
    private var partOf: [Source: Int]

    func part(of source: Source) -> Int? { partOf[source] }

    init(tracks: [MIDITrack], format: Int, source: String, report: inout ImportReport) {
        let scan = Scan(tracks: tracks)
        let ordered = scan.found.keys.filter { !$0.isDrum }.sorted() + scan.found.keys.filter(\.isDrum).sorted()
        let partsInTrack = Dictionary(grouping: ordered, by: \.track).mapValues(\.count)

        var parts: [Part] = []
        for key in ordered {
            let found = scan.found[key]!
            let name = Self.name(of: key, found: found, scan: scan, format: format, partsInTrack: partsInTrack[key.track] ?? 1)
            parts.append(Part(name: name, program: found.program ?? 0, channel: Int(key.channel), isDrum: key.isDrum))
            Self.reportPrograms(of: parts.last!, key: key, found: found, source: source, report: &report)
        }
        var sources = ordered.map { [$0] }
        Self.mergePastLimit(parts: &parts, sources: &sources, scan: scan, source: source, report: &report)

        self.parts = parts
        self.sources = sources
        var partOf: [Source: Int] = [:]
        for (index, group) in sources.enumerated() {
            for key in group { partOf[key] = index }
        }
        self.partOf = partOf
    }

    private static func name(of key: Source, found: Scan.Found, scan: Scan, format: Int, partsInTrack: Int) -> String {
        if let prefixed = scan.channelNames[key] { return prefixed }
        if format != 0, let trackName = scan.trackNames[key.track] {
            return partsInTrack > 1 ? "\(trackName) (channel \(key.channel + 1))" : trackName
        }
        if format != 0, partsInTrack == 1, let instrument = scan.instrumentNames[key.track] { return instrument }
        if key.isDrum { return "Drums" }
        if let program = found.program { return GeneralMIDI.programName(program) }
        return "Channel \(key.channel + 1)"
    }

    private static func reportPrograms(
        of part: Part, key: Source, found: Scan.Found, source: String, report: inout ImportReport
    ) {
        guard !part.isDrum else { return }
        let label = "\"\(part.name)\" (channel \(key.channel + 1))"
        if found.program == nil {
            report.add(.programUnknown, source: source, track: key.track,
                       detail: "\(label): no program change before its first note at tick \(found.firstTick)")
        }
        let later = found.laterPrograms.filter { $0.program != part.program }
        guard !later.isEmpty else { return }
        let changes = later.prefix(4).map { "\($0.program) (\(GeneralMIDI.programName($0.program))) from tick \($0.tick)" }
        report.add(.programChanged, source: source, track: key.track, count: later.reduce(0) { $0 + $1.notes },
                   detail: "\(label) keeps program \(part.program) (\(GeneralMIDI.programName(part.program))); "
                       + "notes later under \(changes.joined(separator: ", "))\(later.count > 4 ? ", …" : "")")
    }

    /// Past the limit, drum parts join the first drum part, then the last pitched part joins
    /// the most alike of the pitched parts before the limit: one with the same program, then
    /// one of the same General MIDI family (8 programs), then the nearest in average pitch.
    private static func mergePastLimit(
        parts: inout [Part], sources: inout [[Source]], scan: Scan, source: String, report: inout ImportReport
    ) {
        func averagePitch(_ group: [Source]) -> Double {
            let sums = group.map { scan.found[$0]! }
            return Double(sums.reduce(0) { $0 + $1.keySum }) / Double(max(sums.reduce(0) { $0 + $1.noteOns }, 1))
        }
        func merge(_ index: Int, into target: Int, because reason: String) {
            let moved = parts[index], kept = parts[target]
            let from = sources[index].map { "track \($0.track) channel \($0.channel + 1)" }.joined(separator: ", ")
            report.add(.partsPastLimit, source: source, track: sources[index].first?.track,
                       detail: "\"\(moved.name)\" (\(from), program \(moved.program)) merged into \"\(kept.name)\" (\(reason))")
            sources[target] += sources[index]
            parts.remove(at: index)
            sources.remove(at: index)
        }
        while parts.count > maximumPartCount {
            let drums = parts.indices.filter { parts[$0].isDrum }
            if drums.count > 1 {
                merge(drums.last!, into: drums.first!, because: "drums share channel 10")
                continue
            }
            let pitched = parts.indices.filter { !parts[$0].isDrum }
            let extra = pitched.last!
            let candidates = pitched.dropLast().prefix(maximumPartCount - drums.count)
            let program = parts[extra].program
            if let same = candidates.first(where: { parts[$0].program == program }) {
                merge(extra, into: same, because: "same program")
            } else if let family = candidates.first(where: { parts[$0].program / 8 == program / 8 }) {
                merge(extra, into: family, because: "same instrument family")
            } else {
                let pitch = averagePitch(sources[extra])
                let nearest = candidates.min { abs(averagePitch(sources[$0]) - pitch) < abs(averagePitch(sources[$1]) - pitch) }!
                merge(extra, into: nearest, because: "nearest in average pitch")
            }
        }
    }
}

extension PartLayout {
    /// One pass over the events: which sources have notes, their programs, and the names on offer.
    struct Scan {
        struct Found {
            var firstTick: Int
            /// In effect at the first note-on; nil when no program change came before it.
            var program: Int?
            /// Programs that later note-ons began under, each with its first tick and note count.
            var laterPrograms: [(program: Int, tick: Int, notes: Int)] = []
            var keySum = 0
            var noteOns = 0
        }

        var found: [Source: Found] = [:]
        var trackNames: [Int: String] = [:]
        var instrumentNames: [Int: String] = [:]
        /// Names given under a channel prefix (meta 0x20), which ties them to one channel.
        var channelNames: [Source: String] = [:]

        init(tracks: [MIDITrack]) {
            for (index, track) in tracks.enumerated() {
                var programs = [Int?](repeating: nil, count: 16)
                var channelPrefix: UInt8?
                for event in track.events {
                    switch event.message {
                    case .programChange(let channel, let program):
                        programs[Int(channel & 0x0F)] = Int(program)
                        channelPrefix = nil
                    case .noteOn(let channel, let key, let velocity) where velocity > 0:
                        channelPrefix = nil
                        let source = Source(track: index, channel: channel & 0x0F)
                        let program = programs[Int(source.channel)]
                        var entry = found[source] ?? Found(firstTick: event.tick, program: program)
                        entry.keySum += Int(key)
                        entry.noteOns += 1
                        if let program, found[source] != nil, program != entry.program {
                            if let at = entry.laterPrograms.firstIndex(where: { $0.program == program }) {
                                entry.laterPrograms[at].notes += 1
                            } else {
                                entry.laterPrograms.append((program, event.tick, 1))
                            }
                        }
                        found[source] = entry
                    case .meta(0x20, let data) where data.count == 1 && data[0] < 16:
                        channelPrefix = data[0]
                    case .meta(let type, _) where type == MIDIMetaType.trackName || type == MIDIMetaType.instrumentName:
                        guard let text = event.message.metaText.map(Self.cleaned), !text.isEmpty else { continue }
                        if let channelPrefix {
                            let source = Source(track: index, channel: channelPrefix)
                            if channelNames[source] == nil { channelNames[source] = text }
                        } else if type == MIDIMetaType.trackName {
                            if trackNames[index] == nil { trackNames[index] = text }
                        } else if instrumentNames[index] == nil {
                            instrumentNames[index] = text
                        }
                    default:
                        if event.message.channel != nil { channelPrefix = nil }
                    }
                }
            }
        }

        /// Sequencers pad names with spaces and NULs to a fixed width.
        static func cleaned(_ text: String) -> String {
            text.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{0}")))
        }
    }
}
