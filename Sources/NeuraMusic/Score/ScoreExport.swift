/// How a score becomes a Standard MIDI File.
public struct ExportOptions: Hashable, Sendable {
    /// Where the notes generated for a part are written.
    public enum GeneratedPlacement: Hashable, Sendable {
        /// On a track of their own per part, named "NAME (NeuraScore)", after the parts' tracks,
        /// so that a DAW user can audition, mute or delete the take apart from what was written.
        case ownTracks
        /// Into their part's track, as if written there by hand: a take that was accepted.
        case inParts
    }

    public var generatedPlacement: GeneratedPlacement
    /// Name of the conductor track (track 0).
    public var title: String
    /// What reproduces the take (model, style, temperature, top-p, RNG seed, version…),
    /// written as one text event as `key=value` pairs sorted by key.
    public var takeInfo: [String: String]
    /// A General MIDI program (0–127) for every pitched part's track in place of the part's own,
    /// for a caller with one program for all the written notes; nil keeps each part's program.
    public var seedProgram: Int?
    /// The same for the generated tracks; nil gives each the program of its part.
    public var generatedProgram: Int?

    public init(
        seedProgram: Int? = nil, generatedProgram: Int? = nil, title: String = "NeuraScore",
        takeInfo: [String: String] = [:], generatedPlacement: GeneratedPlacement = .ownTracks
    ) {
        self.seedProgram = seedProgram
        self.generatedProgram = generatedProgram
        self.title = title
        self.takeInfo = takeInfo
        self.generatedPlacement = generatedPlacement
    }

    public static let ticksPerQuarter = 480
    /// Appended to a part's name for the track of its generated notes.
    public static let generatedTrackSuffix = " (NeuraScore)"
    /// The track of drum notes whose part is not a drum part.
    public static let drumTrackName = "Drums"
}

extension MIDIFile {
    /// SMF format 1 at 480 PPQ: a conductor track (title, tempo, meter, key, take info), then a
    /// track per part in part order, with the part's name and program, then (by default) a
    /// track per part for the `generated` notes. Generated notes name their part by index into
    /// `score.parts`, as the score's own notes do.
    ///
    /// Drum notes go on channel 10. Pitched tracks get the other 15 channels, each its own while
    /// there are 15 or fewer, keeping a part's channel where it is free. Past 15, tracks with the
    /// same program share a channel, and a reader tells them apart by track, where every
    /// track/channel pair is a part; past 15 programs, channels are shared in turn and a
    /// synthesiser plays such a channel with the program set last (each track still carries
    /// its own program change, which readers such as pretty_midi and NeuraScore's take per track).
    public init(score: Score, generated: [Note] = [], options: ExportOptions = ExportOptions()) {
        let spq = max(score.stepsPerQuarter, 1)
        let ppq = ExportOptions.ticksPerQuarter
        // Grids that do not divide 480 land on the nearest tick.
        let tick: (Int) -> Int = { step in (2 * step * ppq + spq) / (2 * spq) }
        let lastStep = max(score.length, generated.map(\.end).max() ?? 0)
        let endTick = tick(lastStep)

        var conductor: [MIDIEvent] = [
            MIDIEvent(tick: 0, .text(MIDIMetaType.trackName, options.title)),
            MIDIEvent(tick: 0, .tempo(bpm: score.tempo > 0 ? score.tempo : 120)),
            MIDIEvent(tick: 0, .timeSignature(score.timeSignature)),
            MIDIEvent(tick: 0, .keySignature(score.keySignature)),
        ]
        if !options.takeInfo.isEmpty {
            let info = options.takeInfo.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
            conductor.append(MIDIEvent(tick: 0, .text(MIDIMetaType.text, info)))
        }
        conductor.append(MIDIEvent(tick: endTick, .meta(type: MIDIMetaType.endOfTrack, data: [])))

        let plans = TrackPlan.plans(for: score, generated: generated, options: options)
        let channels = ChannelAllocation.channels(for: plans)
        let noteTracks = zip(plans, channels).map { plan, channel in
            NoteTrackBuilder.track(
                name: plan.name, notes: plan.notes, program: plan.program, channel: channel, tick: tick, endTick: endTick)
        }
        self.init(format: 1, division: .ticksPerQuarter(ppq), tracks: [MIDITrack(events: conductor)] + noteTracks)
    }
}

/// One note track to be written: whose notes, under which name and program, and the channel
/// it would like.
struct TrackPlan {
    var name: String
    var notes: [Note]
    /// nil writes no program change (a drum track on the default kit).
    var program: Int?
    var isDrum: Bool
    var preferredChannel: Int?

    static func plans(for score: Score, generated: [Note], options: ExportOptions) -> [TrackPlan] {
        let pitched = Dictionary(grouping: score.notes, by: \.part)
        let drums = Dictionary(grouping: score.drums, by: \.part)
        let generatedByPart = Dictionary(grouping: generated, by: \.part)
        let merged = options.generatedPlacement == .inParts
        // A generated note's part gets a track of its own only when the score lists it or holds notes of it.
        var indices = Set(score.parts.indices).union(pitched.keys).union(drums.keys)
        if merged { indices.formUnion(generatedByPart.keys) }

        var plans: [TrackPlan] = []
        for index in indices.sorted() {
            let part = score.part(index)
            let own = (pitched[index] ?? []) + (merged ? generatedByPart[index] ?? [] : [])
            let drumNotes = drums[index] ?? []
            if part.isDrum {
                // A drum part's notes all sound as drums, whichever list holds them; a program
                // other than 0 picks a kit, and the overrides, which pick instruments, pass it by.
                let kit = part.program != 0 ? part.program : nil
                plans.append(TrackPlan(name: part.name, notes: own + drumNotes, program: kit, isDrum: true, preferredChannel: nil))
                continue
            }
            if !own.isEmpty || drumNotes.isEmpty {
                plans.append(TrackPlan(
                    name: part.name, notes: own, program: options.seedProgram ?? part.program, isDrum: false,
                    preferredChannel: part.channel))
            }
            if !drumNotes.isEmpty {
                plans.append(TrackPlan(
                    name: ExportOptions.drumTrackName, notes: drumNotes, program: nil, isDrum: true, preferredChannel: nil))
            }
        }
        guard !merged else { return plans }
        for index in generatedByPart.keys.sorted() {
            let part = score.part(index)
            plans.append(TrackPlan(
                name: part.name + ExportOptions.generatedTrackSuffix, notes: generatedByPart[index]!,
                program: part.isDrum ? nil : options.generatedProgram ?? part.program, isDrum: part.isDrum,
                preferredChannel: nil))
        }
        return plans
    }
}
