// swift-tools-version: 6.1
import PackageDescription

let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "motcua",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "pipeline", targets: ["pipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // Tesseract's C API (libtesseract-dev); its pkg-config file leaves out Leptonica, which
        // the module map links as well.
        .systemLibrary(
            name: "CTesseract",
            pkgConfig: "tesseract",
            providers: [.apt(["libtesseract-dev", "tesseract-ocr", "tesseract-ocr-vie"])]
        ),
        .target(
            name: "Core",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: settings
        ),
        .target(name: "Extract", dependencies: ["Core", "CZlib", "CTesseract"], swiftSettings: settings),
        .target(name: "Cleanse", dependencies: ["Core"], swiftSettings: settings),
        .target(name: "CSpawn"),
        .target(name: "Load", dependencies: ["Core", "CLibPQ", "CSpawn"], swiftSettings: settings),
        .executableTarget(
            name: "pipeline",
            dependencies: [
                "Core", "Extract", "Cleanse", "Load",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: settings
        ),
        .testTarget(
            name: "CoreTests",
            dependencies: ["Core", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: settings
        ),
        .testTarget(name: "ExtractTests", dependencies: ["Extract", "Core", .product(name: "PropertyBased", package: "swift-property-based")], swiftSettings: settings),
        .testTarget(
            name: "CleanseTests",
            dependencies: ["Cleanse", "Core", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: settings
        ),
        .target(name: "TestSupport", dependencies: ["Load", "Core"], path: "Tests/TestSupport", swiftSettings: settings),
        .testTarget(name: "LoadTests", dependencies: ["Load", "Core", "TestSupport"], swiftSettings: settings),
        .testTarget(name: "PipelineTests", dependencies: ["pipeline", "Load", "Core", "Extract", "Cleanse", "TestSupport"], swiftSettings: settings),
    ]
)
