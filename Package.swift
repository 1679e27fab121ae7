// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "halo-ossim-toolkit",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "halo-events", targets: ["halo-events"]),
        .executable(name: "halo-sidbuilder", targets: ["halo-sidbuilder"]),
        .executable(name: "halo-sim", targets: ["halo-sim"]),
        .executable(name: "halo-bench", targets: ["halo-bench"]),
        .library(name: "HaloModel", targets: ["HaloModel"]),
        .library(name: "HaloSIDMap", targets: ["HaloSIDMap"]),
        .library(name: "HaloSimulator", targets: ["HaloSimulator"]),
        .library(name: "HaloOutput", targets: ["HaloOutput"]),
        .library(name: "HaloConnector", targets: ["HaloConnector"]),
        .library(name: "HaloAPI", targets: ["HaloAPI"]),
        .library(name: "HaloDelivery", targets: ["HaloDelivery"]),
        .library(name: "HaloSIDClassifier", targets: ["HaloSIDClassifier"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.24.0"),
        // No default traits: FullFoundation would bring Foundation and ICU into halo-sim, ConfigurationSupport is unused.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.10.0", traits: []),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.29.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
    ],
    targets: [
        // The C library (Glibc, Musl or Darwin, re-exported), system-call errors, the write loop, file identities.
        .target(name: "HaloPlatform", swiftSettings: strict),

        // Event model shared by every part: decoded events, timestamps, JSON values.
        .target(name: "HaloModel", swiftSettings: strict),

        // The SID table (SQLite, the system's libsqlite3), its seed, and the generators of the OSSIM SQL and plugin.
        .target(
            name: "HaloSIDMap",
            dependencies: ["HaloModel", "HaloPlatform", "CSQLite", "CPCRE2"],
            resources: [.embedInCode("Resources/cloudpassage-halo-sids.tsv"), .embedInCode("Resources/ossim-taxonomy.tsv")],
            swiftSettings: strict
        ),

        // The system PCRE2, for the plugin tester's Python regexes.
        .systemLibrary(name: "CPCRE2", path: "Sources/CPCRE2"),

        // The system libsqlite3, for the SID table (no GRDB: it would bring Foundation and ICU to the sensor).
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),

        // The system zlib, for the emulator's gzip answers.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),

        // The Halo API emulator (Hummingbird 2).
        .target(
            name: "HaloSimulator",
            dependencies: [
                "HaloModel",
                "HaloSIDMap",
                "CZlib",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),

        // Line formats (CEF, LEEF, key=value, JSON, text) and sinks (stdout, file, syslog).
        .target(
            name: "HaloOutput",
            dependencies: [
                "HaloPlatform",
                "HaloModel",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),

        // The connector engine: the data path (auth file, paging, de-duplication, classification, formatting,
        // batches, checkpoints, lock) behind small protocols for its edges (event source, SID classifier, output).
        .target(name: "HaloConnector", dependencies: ["HaloPlatform", "HaloModel", "HaloOutput"], swiftSettings: strict),

        // Adapter: the Halo API (AsyncHTTPClient) as the engine's event source.
        .target(
            name: "HaloAPI",
            dependencies: [
                "HaloPlatform",
                "HaloConnector",
                "HaloModel",
                "HaloOutput",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),

        // What the executables share on the command line: argument types, their own directory, child processes.
        .target(
            name: "HaloCommandLine",
            dependencies: ["HaloPlatform", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),

        // Adapter: files, stdout and syslog (HaloOutput's sinks) as the engine's batch output.
        .target(name: "HaloDelivery", dependencies: ["HaloConnector", "HaloOutput", "HaloPlatform", "HaloSIDMap"], swiftSettings: strict),

        // Adapter: the SID table (HaloSIDMap) as the engine's classifier and unmapped-type recorder.
        .target(name: "HaloSIDClassifier", dependencies: ["HaloConnector", "HaloSIDMap", "HaloModel"], swiftSettings: strict),

        // The halo-events command: its flags, the sentences it says, its exit statuses; the run assembled from
        // the engine and its adapters. The executable is its `main`.
        .target(
            name: "HaloEventsCommand",
            dependencies: [
                "HaloPlatform",
                "HaloConnector",
                "HaloAPI",
                "HaloDelivery",
                "HaloSIDClassifier",
                "HaloCommandLine",
                "HaloSIDMap",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "halo-events", dependencies: ["HaloEventsCommand"], swiftSettings: strict),
        .executableTarget(
            name: "halo-sidbuilder",
            dependencies: [
                "HaloPlatform",
                "HaloSIDMap",
                "HaloDelivery",
                "HaloOutput",
                "HaloCommandLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "halo-sim",
            dependencies: [
                "HaloCommandLine",
                "HaloOutput",
                "HaloPlatform",
                "HaloSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "halo-bench",
            dependencies: [
                "HaloAPI",
                "HaloPlatform",
                "HaloCommandLine",
                "HaloConnector",
                "HaloSimulator",
                "HaloOutput",
                "HaloSIDMap",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),

        // One home for test support: child processes, the built executables (halo-events, halo-sim,
        // halo-sidbuilder), the emulator's truth log, CEF lines, rsyslogd, MariaDB, temporary directories,
        // the in-process connector fixture, a scripted HTTP server (and a Halo API over given events).
        .target(
            name: "HaloTesting",
            dependencies: [
                "HaloPlatform", "HaloModel", "HaloSIDMap", "HaloSimulator", "HaloOutput", "HaloConnector", "HaloAPI",
                "HaloEventsCommand",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/HaloTesting",
            swiftSettings: strict
        ),
        // Unit and in-process tests, one target per module.
        .testTarget(name: "HaloModelTests", dependencies: ["HaloModel", "HaloTesting"], swiftSettings: strict),
        .testTarget(
            name: "HaloSIDMapTests",
            dependencies: ["HaloSIDMap", "HaloTesting", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(name: "HaloCommandLineTests", dependencies: ["HaloCommandLine"], swiftSettings: strict),
        .testTarget(name: "HaloSimulatorTests", dependencies: ["HaloSimulator", "HaloSIDMap", "HaloTesting", .product(name: "AsyncHTTPClient", package: "async-http-client")], swiftSettings: strict),
        .testTarget(name: "HaloOutputTests", dependencies: ["HaloPlatform", "HaloOutput", "HaloSIDMap", "HaloSimulator", "HaloTesting"], swiftSettings: strict),
        .testTarget(
            name: "HaloConnectorTests",
            dependencies: ["HaloConnector", "HaloAPI", "HaloDelivery", "HaloEventsCommand", "HaloSimulator", "HaloSIDMap", "HaloTesting"],
            swiftSettings: strict
        ),
        // The built executables (halo-events, halo-sim, halo-sidbuilder) run as child processes.
        .testTarget(
            name: "ExecutableTests",
            dependencies: [
                "HaloPlatform", "HaloModel", "HaloSIDMap", "HaloSimulator", "HaloOutput", "HaloConnector", "HaloEventsCommand",
                "HaloTesting", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // The installed toolkit: make install, cron, logrotate, MariaDB, the demo, the benchmark's smoke run.
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["HaloConnector", "HaloEventsCommand", "HaloSimulator", "HaloSIDMap", "HaloOutput", "HaloTesting"],
            swiftSettings: strict
        ),
        // The reliability campaigns (RELIABILITY.md): short forms here, long forms with HALO_CAMPAIGN=full.
        .testTarget(name: "ReliabilityTests", dependencies: ["HaloConnector", "HaloEventsCommand", "HaloSimulator", "HaloSIDMap", "HaloOutput", "HaloTesting"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
