import NeuraCore
import NeuraMusic

extension ComposerState {
    /// e, :eval: the take the user hears (the seed with the current variation laid in) against
    /// the model's reference figures. The shell measures it and reads the model file.
    mutating func openEvaluation() -> [Effect] {
        let take = audibleScore
        guard !take.notes.isEmpty else {
            message = StatusMessage("nothing to evaluate: the score has no notes")
            return []
        }
        let requestID = nextJobID
        nextJobID += 1
        mode = .evaluation(.measuring(requestID: requestID))
        return [.measureTake(requestID: requestID, take: take, model: parameters.model)]
    }

    /// Tab and Shift-Tab measure the next or the previous variation; any other key closes the view.
    mutating func handleEvaluation(_ key: Key) -> [Effect] {
        switch key {
        case .tab, .backTab:
            guard document.variations.count > 1 else { return [] }
            cycleVariation(by: key == .tab ? 1 : -1)
            return openEvaluation()
        default:
            mode = .normal
            return []
        }
    }

    /// The shell's answer, if the view still waits for it (a closed view or a newer request drops it).
    mutating func showEvaluation(_ panel: EvaluationPanel, requestID: Int) {
        guard case .evaluation(.measuring(let waiting)) = mode, waiting == requestID else { return }
        mode = .evaluation(panel)
    }

    /// The temperature and top-p that the user did not set follow the model: its measured
    /// defaults, or the composer's own where it has none.
    mutating func adoptSamplingDefaults(_ defaults: SamplingDefaults?, of model: String?) {
        guard model == parameters.model else { return }
        let before = parameters.controls
        let source = defaults ?? .composer
        parameters.controls = source.applied(
            to: before, keepingTemperature: parameters.userChose.temperature, keepingTopP: parameters.userChose.topP)
        guard parameters.controls != before else { return }
        let whose = defaults == nil ? "\(parameters.modelName) has no measured defaults: " : "\(parameters.modelName)'s measured defaults: "
        message = StatusMessage(whose + source.summary + " (:temp and :topp override)")
    }
}
