// swift-tools-version:6.0
import PackageDescription

// Release builds of the numerical code skip overflow and bounds checks in the hot loops;
// every index there is validated once at the API boundary instead.
let fastMath: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-wmo"], .when(configuration: .release))]

let package = Package(
    name: "NeuraScore",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "neurascore", targets: ["neurascore"]),
        .library(name: "NeuraMusic", targets: ["NeuraMusic"]),
        .library(name: "NeuraLSTM", targets: ["NeuraLSTM"]),
        .library(name: "NeuraAudio", targets: ["NeuraAudio"]),
        .library(name: "NeuraMetrics", targets: ["NeuraMetrics"]),
        // For the fuzz harnesses in Tests/Fuzz, a package of their own.
        .library(name: "NeuraComposer", targets: ["NeuraComposer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CNcurses", path: "Sources/CNcurses", pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(
            name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CFluidSynth", path: "Sources/CFluidSynth", pkgConfig: "fluidsynth",
            providers: [.apt(["libfluidsynth-dev"])]),
        // AVX2/F16C kernels with a portable fallback, chosen at run time (the package itself is
        // compiled for baseline x86-64).
        .target(name: "NeuraKernels", cSettings: [.unsafeFlags(["-O3"], .when(configuration: .release))]),
        // What both the music code and the engine need, without either learning of the other:
        // the durable atomic file write and the seedable random generator (Foundation only).
        .target(name: "NeuraSupport"),
        .target(name: "NeuraMusic", dependencies: ["NeuraSupport"]),
        .target(name: "NeuraAudio", dependencies: ["NeuraMusic", "CFluidSynth"]),
        .target(name: "NeuraMetrics", dependencies: ["NeuraMusic"]),
        .target(name: "NeuraLSTM", dependencies: ["CBLAS", "NeuraKernels", "NeuraSupport"], swiftSettings: fastMath),
        .target(
            name: "NeuraCore", dependencies: ["NeuraMusic", "NeuraLSTM", "NeuraMetrics"], resources: [.copy("Models")],
            swiftSettings: fastMath),
        .target(name: "NeuraComposer", dependencies: ["NeuraCore", "NeuraMusic", "NeuraAudio", "CNcurses"]),
        .executableTarget(
            name: "neurascore",
            dependencies: [
                "NeuraMusic", "NeuraLSTM", "NeuraCore", "NeuraAudio", "NeuraComposer", "NeuraMetrics",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "NeuraSupportTests", dependencies: ["NeuraSupport"]),
        .testTarget(name: "NeuraMusicTests", dependencies: ["NeuraMusic"], resources: [.copy("Fixtures")]),
        .testTarget(name: "NeuraLSTMTests", dependencies: ["NeuraLSTM", "NeuraKernels"], resources: [.copy("Fixtures")]),
        .testTarget(name: "NeuraAudioTests", dependencies: ["NeuraAudio", "NeuraMusic"]),
        .testTarget(name: "NeuraMetricsTests", dependencies: ["NeuraMetrics", "NeuraMusic"], resources: [.copy("Fixtures")]),
        .testTarget(name: "NeuraCoreTests", dependencies: ["NeuraCore", "NeuraMusic", "NeuraLSTM", "NeuraMetrics"]),
        .testTarget(
            name: "NeuraComposerTests", dependencies: ["NeuraComposer", "NeuraCore", "NeuraMusic", "NeuraLSTM", "NeuraAudio"]),
        .testTarget(
            name: "CLITests",
            dependencies: ["neurascore", "NeuraComposer", "NeuraCore", "NeuraLSTM", "NeuraMusic", "NeuraAudio", "NeuraMetrics"],
            // Read from the repository by the binary under test, not from a bundle.
            exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
