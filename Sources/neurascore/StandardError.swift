import Foundation

/// Diagnostics go to stderr so that stdout stays clean for scripts and --json.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
