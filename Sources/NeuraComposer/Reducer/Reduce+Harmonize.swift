import NeuraCore
import NeuraMusic

extension ComposerState {
    /// G (v…G on a range): the current part is the melody, kept note for note, and the model
    /// writes the other parts under it. Without a selection the range is the whole melody; a
    /// range after which nothing follows ends the piece with the melody, on a close.
    mutating func startHarmonization(over selection: Range<Int>? = nil) -> [Effect] {
        let melody = currentPart
        let name = currentPartInfo.name
        let notes = document.score.notes.filter { $0.part == melody && (selection?.contains($0.start) ?? true) }
        guard let first = notes.map(\.start).min(), let last = notes.map(\.end).max() else {
            let where_ = selection == nil ? "" : " in the selection"
            message = StatusMessage(
                "\(partLabel(melody)) has no notes\(where_) to harmonise: t picks the melody's part", isError: true)
            return []
        }
        var range = selection ?? first..<last
        var ending = GenerationJob.Ending.open
        if !document.score.notes.contains(where: { $0.start >= range.upperBound }) {
            range = range.lowerBound..<last
            ending = .atRangeEnd
        }
        let job = GenerationJob(
            score: document.score, range: range, controls: parameters.controls, keptParts: [melody], ending: ending)
        let count = job.controls.variations
        let done = (count > 1 ? "\(count) variations under \(name): Tab cycles" : "done under \(name):") + ", a accepts, u undoes"
        return startJob(
            job, what: "the parts under \(name), bars \(barSpan(range))", undoLabel: "harmonise \(name)", done: done)
    }
}
