/// NeuraSupport's `SplitMix64` and `AtomicFile` are part of the engine's API: every random choice
/// takes a `SplitMix64`, and model files are written through `AtomicFile`. An importer of
/// NeuraLSTM uses them without naming the support module, and the engine still knows nothing
/// of music.
@_exported import NeuraSupport
