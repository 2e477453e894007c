import NeuraLSTM
import NeuraMusic

/// The version recorded in written files and printed by `neurascore --version`.
public let neuraScoreVersion = "0.1.0"
