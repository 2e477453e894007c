import NeuraMetrics
import NeuraMusic

/// How a piece that ends at a set place closes under `--cadence tonic`: from `start` to the end
/// every voice holds one chord, the tonic triad of `key` with its third and the tonic in the
/// bass, and no new note starts after `start`. The model still chooses which chord tone each
/// voice sings and how it gets there; the sampler only masks what would break the close, and
/// picks among several sampled approaches (see `EndingCandidate`).
///
/// It is a rule, not something the model learned. A model trained with an end control hears
/// where the piece ends, but on the test chorales it closed on the tonic little more often than
/// a generation cut at the bar.
struct ClosingCadence: Sendable, Hashable {
    let key: Scale
    /// The step the closing chord starts on.
    let start: Int
    let end: Int
    /// Where the approach to the close begins (a beat before it, inside the range): from here
    /// each variation samples several endings and keeps the best (see `EndingCandidate`).
    let approach: Int
    /// The part whose lowest note at the close must be the tonic: the model's lowest voice
    /// (0 for a model of one part, which closes on its own lowest note).
    let bassPart: Int
    /// The lowest tonic the model can write: the other parts close no lower, so the bass can
    /// always go beneath them.
    let floor: Int
    /// The tonic triad's pitch classes; in a minor key both thirds, for the major close
    /// (a Picardy third) that chorales so often end on.
    let chordClasses: Set<Int>
    /// The third's pitch classes: the chord needs one, or it is an open fifth.
    let thirds: Set<Int>

    init(key: Scale, start: Int, end: Int, approach: Int, encoding: EncodingConfig) {
        self.key = key
        self.start = start
        self.end = end
        self.approach = approach
        bassPart = max(0, encoding.parts.count - 1)
        floor = encoding.pitchRange.first { $0 % 12 == key.tonic } ?? encoding.lowestPitch
        thirds = Set((key.isMinorKey ? [3, 4] : [4]).map { (key.tonic + $0) % 12 })
        chordClasses = thirds.union([key.tonic, (key.tonic + 7) % 12])
    }

    /// Whether `pitch` may sound in the closing chord in `part`. `lowestInPart`: no note of that
    /// part sounds below it there; `othersFrom`: the lowest note the other parts sound there,
    /// which the bass may not rise above.
    func allows(_ pitch: Int, part: Int, lowestInPart: Bool, othersFrom lowestOther: Int? = nil) -> Bool {
        guard chordClasses.contains(pitch % 12) else { return false }
        guard part == bassPart else { return pitch >= floor }
        return !lowestInPart || (pitch % 12 == key.tonic && pitch <= (lowestOther ?? pitch))
    }

    /// Whether a note started before the close may sound on into it (to the end). The bass of
    /// several parts may not: it is written at the close, under what the others sing there.
    func mayHold(_ pitch: Int, part: Int) -> Bool {
        part != bassPart || bassPart == 0 ? allows(pitch, part: part, lowestInPart: true) : false
    }

    /// The close of a job, if it has one: a piece that ends where its range ends with nothing
    /// after it. A continuation closes on the last half bar (whole beats, at least one); a
    /// harmonisation on the given melody's last note, when that note belongs to the tonic
    /// chord (a melody ending elsewhere asks for another close, so none is forced).
    static func plan(
        job: GenerationJob, encoding: EncodingConfig, keptNotes: [Note], following: [Note]
    ) -> ClosingCadence? {
        guard job.controls.cadenceRule == .tonic, job.ending == .atRangeEnd, following.isEmpty else { return nil }
        guard let key = Self.key(of: job) else { return nil }
        let (rangeStart, end) = (job.range.lowerBound, job.range.upperBound)
        let meter = job.score
        let beat = meter.stepsPerBeat
        if let lastOnset = keptNotes.map(\.start).max() {
            let cadence = ClosingCadence(
                key: key, start: lastOnset, end: end, approach: max(rangeStart, lastOnset - beat), encoding: encoding)
            let last = keptNotes.filter { $0.start == lastOnset }
            let lowestKept = Dictionary(grouping: last, by: \.part).mapValues { $0.map(\.pitch).min()! }
            let fits = last.allSatisfy { cadence.allows($0.pitch, part: $0.part, lowestInPart: lowestKept[$0.part] == $0.pitch) }
            return fits && lastOnset >= rangeStart ? cadence : nil
        }
        let halfBar = (meter.stepsPerBar / 2 + beat - 1) / beat * beat
        let length = min(max(beat, halfBar), encoding.maxLength, end - rangeStart)
        let start = end - length
        return ClosingCadence(key: key, start: start, end: end, approach: max(rangeStart, start - beat), encoding: encoding)
    }

    /// The job's key; else the score's key signature, unless it is the C major every score has
    /// when nothing says otherwise (music typed in the composer); else estimated from the notes.
    static func key(of job: GenerationJob) -> Scale? {
        if let key = job.key { return key }
        if job.score.keySignature != .cMajor { return job.score.keySignature.scale }
        return KeyFinder.estimate(notes: job.score.notes)?.key
    }
}

/// One of the endings sampled for a variation from the beat before its close. The variation
/// keeps the first that comes to the close from the dominant (V–I, an authentic cadence), and
/// the others stop there; if none does, the one whose close the model finds likeliest. An LSTM
/// cannot see the close coming, so a single sample reaches it from the dominant about a fifth of
/// the time; every approach here is still the model's own.
struct EndingCandidate: Hashable {
    /// How many notes and warnings the variation had when its ending began.
    var notesBefore: Int
    var warningsBefore: Int
    /// The step the ending began on.
    var clock: Int
    /// The log-probability under the model (temperature 1, nothing masked) of the close's tokens.
    var logLikelihood = 0.0
    /// Whether the chord sounding just before the close has its root on the dominant (V–I,
    /// an authentic cadence); nil until the close.
    var fromDominant: Bool?
    /// Stopped, as a sibling reached the close from the dominant first: it cannot be chosen, so
    /// the rest of it is not sampled.
    var isSetAside = false

    /// How good a close a candidate makes, for comparing: one still going, then an authentic
    /// cadence, then the close the model finds likelier. A stream that never forked ranks first.
    static func rank(_ candidate: EndingCandidate?) -> (Int, Int, Double) {
        guard let candidate else { return (1, 0, 0) }
        return (candidate.isSetAside ? 0 : 1, candidate.fromDominant == true ? 1 : 0, candidate.logLikelihood)
    }
}
