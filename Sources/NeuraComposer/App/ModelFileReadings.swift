import Foundation
import NeuraCore
import NeuraMusic

/// What the composer reads from a model file besides its weights, and the take measured
/// against it. Runs on the shell's work queue, never on the UI thread; the answers are actions.
enum ModelFileReadings {
    /// The model's measured sampling defaults. A model that cannot be loaded says nothing here
    /// (the next generation reports it); a malformed record is shown.
    static func samplingDefaults(
        of model: String?, locator: ModelLocator,
        load: (URL) throws(ModelError) -> NeuraModel = { url throws(ModelError) in try NeuraModel.load(contentsOf: url) }
    ) -> [Action] {
        do {
            let loaded = try load(try locator.resolve(model))
            return [.modelSamplingDefaults(model: model, try loaded.samplingDefaults())]
        } catch .badTrainingRecord(let file, let key, let reason) {
            return [.error(ModelError.badTrainingRecord(file: file, key: key, reason: reason).description)]
        } catch {
            return []
        }
    }

    /// The take's figures beside the model's reference figures. Without a model file to read,
    /// the take is still measured, and the status line says why there is no reference.
    static func measure(_ take: Score, requestID: Int, model: String?, locator: ModelLocator) -> [Action] {
        var actions: [Action] = []
        var reference: ReferenceFigures?
        do {
            reference = try NeuraModel.load(contentsOf: try locator.resolve(model)).referenceFigures()
        } catch {
            actions.append(.error(error.description))
        }
        do {
            let evaluation = try TakeEvaluation(take: take, reference: reference, model: model ?? ModelLocator.defaultModelName)
            actions.append(.takeMeasured(requestID: requestID, evaluation))
        } catch {
            actions.append(.takeMeasurementFailed(requestID: requestID, message: "the take cannot be measured: \(error)"))
        }
        return actions
    }
}
