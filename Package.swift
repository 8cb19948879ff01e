// swift-tools-version:6.1
import PackageDescription

/// newsd: a news-feed daemon. One module per part of DESIGN.md; executables only parse arguments
/// and start things.
let package = Package(
    name: "newsd",
    products: [
        .executable(name: "newsd", targets: ["newsd"]),
        .executable(name: "newsctl", targets: ["newsctl"]),
        .executable(name: "newsd-bench", targets: ["newsd-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
    ],
    targets: [
        // C libraries and the one C shim.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .target(name: "CNewsdShim", dependencies: ["CCurl"]),

        // Parts.
        .target(name: "Posix", dependencies: ["CNewsdShim"]),
        .target(name: "Fetch", dependencies: ["CCurl", "CNewsdShim"]),
        .target(name: "Markup", dependencies: ["CLibXML2", "CZlib"]),
        .target(name: "Feeds", dependencies: ["Markup"]),
        .target(name: "Extract", dependencies: ["Markup"]),
        .target(name: "Dedupe"),
        // libpq, wrapped once: connections, parameters, rows, errors with their SQLSTATE.
        .target(name: "Postgres", dependencies: ["CLibPQ"]),
        .target(name: "Store", dependencies: ["Postgres", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "Control"),
        .target(
            name: "Daemon",
            dependencies: [
                "Posix", "Fetch", "Feeds", "Extract", "Dedupe", "Store", "Control",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(name: "FeedFarm", dependencies: ["Posix"]),

        // Executables.
        .executableTarget(
            name: "newsd",
            dependencies: ["Daemon", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(
            name: "newsctl",
            dependencies: [
                "Control", "Posix", "Extract", "Markup", "Feeds",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "newsd-bench",
            dependencies: [
                "FeedFarm", "Extract", "Feeds", "Markup", "Control", "Posix", "Dedupe", "Postgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // Tests.
        .testTarget(name: "FetchTests", dependencies: ["Fetch", "FeedFarm"]),
        .testTarget(name: "FeedsTests", dependencies: ["Feeds", "FeedFarm"]),
        .testTarget(name: "ExtractTests", dependencies: ["Extract", "FeedFarm"]),
        .testTarget(name: "DedupeTests", dependencies: ["Dedupe"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Postgres", "Dedupe", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "ControlTests", dependencies: ["Control", "FeedFarm"]),
        .testTarget(name: "DaemonTests", dependencies: ["Daemon", "Postgres", "FeedFarm"]),
        // The synthetic site's padded pages must extract like its bare ones.
        .testTarget(name: "FeedFarmTests", dependencies: ["FeedFarm", "Extract"]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["FeedFarm", "Control", "Posix", "Postgres", "newsd", "newsctl", "newsd-bench"]),
    ]
)
