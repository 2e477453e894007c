// swift-tools-version:6.0
// libFuzzer harnesses, one executable per target. A separate package so that the root package's
// `swift build` and `swift test` never build them: a libFuzzer binary has no `main` of its own.
// Build and run through `Scripts/fuzz TARGET [SECONDS]`; see the README's "Fuzzing" section.
import Foundation
import PackageDescription

// A path dependency's identity is its folder's name, which differs between clones and worktrees.
let rootFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let root = rootFolder.lastPathComponent

let package = Package(
    name: "NeuraScoreFuzz",
    dependencies: [.package(path: rootFolder.path)],
    targets: [
        .target(name: "FuzzSupport"),
        .executableTarget(name: "fuzz-midi", dependencies: ["FuzzSupport", .product(name: "NeuraMusic", package: root)]),
        .executableTarget(name: "fuzz-safetensors", dependencies: ["FuzzSupport", .product(name: "NeuraLSTM", package: root)]),
        .executableTarget(name: "fuzz-tokens", dependencies: ["FuzzSupport", .product(name: "NeuraMusic", package: root)]),
        .executableTarget(name: "fuzz-session", dependencies: ["FuzzSupport", .product(name: "NeuraComposer", package: root)]),
        .executableTarget(name: "fuzz-theme", dependencies: ["FuzzSupport", .product(name: "NeuraComposer", package: root)]),
        .executableTarget(name: "fuzz-command", dependencies: ["FuzzSupport", .product(name: "NeuraComposer", package: root)]),
    ],
    swiftLanguageModes: [.v6]
)
