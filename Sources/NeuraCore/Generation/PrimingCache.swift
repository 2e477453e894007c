import Foundation
import NeuraLSTM

/// One model's packed inference weights, and the LSTM states along the last prefix it primed,
/// kept every `interval` tokens. Generating again from the same seed, or from a seed edited
/// near its end, then runs only the tokens after the last kept state before the first change,
/// instead of the whole seed: this is what lets `g` in the composer answer at once.
public final class PrimingCache: @unchecked Sendable {
    public let model: NeuraModel
    public let interval: Int
    /// Packing the step weights costs milliseconds; copies of this session share them.
    private let template: InferenceSession
    private let lock = NSLock()
    private var tokens: [Int] = []
    /// `kept[k]` is the state after `tokens[0..<k·interval]`; `kept[0]` is the zero state.
    private var kept: [StreamSnapshot] = []
    private var last: StreamSnapshot?

    public init(model: NeuraModel, precision: WeightPrecision = .float16, interval: Int = 32) {
        self.model = model
        self.interval = max(1, interval)
        template = InferenceSession(parameters: model.parameters, precision: precision)
        kept = [.zero(model.parameters.config)]
    }

    /// A one-stream session primed on `prefix`, the logits for the token after it, and how many
    /// of the prefix's tokens had to be run (the rest came from kept states).
    public func session(primedOn prefix: [Int]) throws(LSTMError) -> (session: InferenceSession, logits: [Float], ranTokens: Int) {
        guard !prefix.isEmpty else { throw .invalidBatch("every prefix needs at least one token (BOS)") }
        let (knownTokens, knownStates, knownLast) = lock.withLock { (tokens, kept, last) }
        let shared = zip(knownTokens, prefix).prefix { $0 == $1 }.count
        var session = template
        var position: Int
        var logits: [Float]
        var states: [StreamSnapshot]
        if let knownLast, shared == knownTokens.count {
            // The same prefix, or one that goes on from it (notes added at the end).
            logits = try session.restore([knownLast])[0]
            position = shared
            states = knownStates
        } else {
            let reusable = min(shared / interval, knownStates.count - 1)
            // Feeding needs at least one token, so a prefix that ends on a kept state starts one earlier.
            let start = reusable * interval < prefix.count ? reusable : reusable - 1
            states = Array(knownStates[...start])
            logits = try session.restore([states[start]])[0]
            position = start * interval
        }
        let firstRun = position
        while position < prefix.count {
            let next = min(prefix.count, (position / interval + 1) * interval)
            logits = try session.feed(Array(prefix[position..<next]))
            position = next
            if position % interval == 0, position / interval == states.count {
                states.append(try session.snapshot(ofStream: 0))
            }
        }
        let final = try session.snapshot(ofStream: 0)
        lock.withLock {
            tokens = prefix
            kept = states
            last = final
        }
        return (session, logits, prefix.count - firstRun)
    }
}
