import Foundation

/// Where the tests find the repository, `../shared`, and the built executables.
public enum TestPaths {
    /// The repository's top directory.
    public static let repoRoot: URL = {
        // This file is Tests/HaloTesting/Files/TestPaths.swift.
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }()

    /// `../shared` beside the repository (reference data, schema, taxonomy).
    public static let shared: URL = repoRoot.deletingLastPathComponent().appendingPathComponent("shared")

    /// The directory holding the built products (`halo-events`, `halo-sim`, `halo-sidbuilder`).
    public static let products: URL = {
        // The test runner lives in the products directory (…/debug/<pkg>PackageTests.xctest).
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("halo-events").path) { return url }
        }
        return repoRoot.appendingPathComponent(".build/debug")
    }()

    /// The path of a built executable, e.g. `executable("halo-sim")`.
    public static func executable(_ name: String) -> String { products.appendingPathComponent(name).path }
}
