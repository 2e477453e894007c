/// NeuraSupport's `AtomicFile` and `SplitMix64` are part of NeuraMusic's API: every MIDI, token
/// and session write goes through `AtomicFile`, and an importer of NeuraMusic uses them without
/// naming the support module.
@_exported import NeuraSupport
