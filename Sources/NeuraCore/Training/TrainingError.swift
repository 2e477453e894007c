import Foundation

/// Everything `neurascore train` and `neurascore eval` can refuse. Messages name the file or
/// option at fault and, where it helps, what to do instead.
public enum TrainingError: Error, Hashable, Sendable, CustomStringConvertible {
    case emptyCorpus(paths: [String], skippedFiles: Int)
    case noTrainingPieces(pieces: Int, validationPieces: Int)
    case tokenFileEncodingMismatch(file: String, expectedFrom: String, detail: String)
    case corpusUnreadable(path: String, reason: String)
    case invalidOption(String)
    case outputUnwritable(path: String, reason: String)
    /// A checkpoint or model write failed after training had begun (a full disk, a size limit).
    case saveFailed(path: String, step: Int, reason: String, lastCheckpoint: String?)
    case notACheckpoint(file: String, reason: String)
    case resumeMismatch(checkpoint: String, field: String, checkpointValue: String, requested: String)
    case architectureMismatch(model: String, field: String, modelValue: Int, requested: Int)
    case nonFinite(step: Int, detail: String, lastCheckpoint: String?)
    case engine(String)

    public var description: String {
        switch self {
        case .emptyCorpus(let paths, let skipped):
            return "no usable pieces in \(paths.joined(separator: ", "))"
                + (skipped > 0 ? " (all \(skipped) file(s) were skipped; see the import report above)" : "")
        case .noTrainingPieces(let pieces, let validation):
            return "all \(pieces) piece(s) went to validation (\(validation)); lower --val-split or add pieces"
        case .tokenFileEncodingMismatch(let file, let expectedFrom, let detail):
            return "\(file) was encoded differently from \(expectedFrom): \(detail)"
        case .corpusUnreadable(let path, let reason):
            return "\(path): \(reason)"
        case .invalidOption(let why):
            return why
        case .outputUnwritable(let path, let reason):
            return "\(path): cannot write here: \(reason); nothing was trained"
        case .saveFailed(let path, let step, let reason, let lastCheckpoint):
            return "\(path): cannot save step \(step): \(reason). "
                + (lastCheckpoint.map { "The last checkpoint, \($0), is intact; once there is room, continue with --resume \($0)" }
                    ?? "Nothing had been saved yet, and no existing file was changed")
        case .notACheckpoint(let file, let reason):
            return "\(file): not a NeuraScore training checkpoint: \(reason)"
        case .resumeMismatch(let checkpoint, let field, let checkpointValue, let requested):
            return "\(checkpoint) was trained with \(field) \(checkpointValue), but this run asks for \(requested); "
                + "a resumed run must keep the checkpoint's configuration (leave the option out to keep it)"
        case .architectureMismatch(let model, let field, let modelValue, let requested):
            return "\(model) has \(field) \(modelValue), but this run asks for \(requested); leave the option out to keep the model's"
        case .nonFinite(let step, let detail, let lastCheckpoint):
            return "training stopped at step \(step): \(detail). "
                + (lastCheckpoint.map { "The last good checkpoint is \($0); resume from it with a lower --lr." }
                    ?? "No checkpoint had been written yet; try a lower --lr.")
        case .engine(let why):
            return why
        }
    }
}
