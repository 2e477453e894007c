import Foundation
import NeuraMusic

/// The random choices of a kill test (when to kill, which keys to press) come from a seeded
/// generator, so that a failure can be replayed: the seed is printed at the start and named in
/// every failure, and `NEURASCORE_KILL_SEED=N` runs the test with seed N.
struct KillTestSeed: CustomStringConvertible {
    let value: UInt64

    init(test: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        value = environment["NEURASCORE_KILL_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 0...UInt64(UInt32.max))
        print("\(test): kill seed \(value); NEURASCORE_KILL_SEED=\(value) replays it")
    }

    var generator: SplitMix64 { SplitMix64(seed: value) }

    var description: String { "kill seed \(value) (NEURASCORE_KILL_SEED=\(value) replays it)" }
}
