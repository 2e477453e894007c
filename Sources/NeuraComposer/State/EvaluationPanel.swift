import NeuraCore

/// What the evaluation view shows: the take being measured (off the UI thread), its figures
/// beside the model's reference figures, or why they could not be had.
public enum EvaluationPanel: Hashable, Sendable {
    /// Waiting for the shell's answer to the request with this id.
    case measuring(requestID: Int)
    case ready(TakeEvaluation)
    case failed(String)
}
