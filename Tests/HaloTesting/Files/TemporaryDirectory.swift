import Foundation

/// A fresh directory under the system temporary directory, removed when the value is released
/// (unless `HALO_KEEP_TMP=1`, to look at what a failing test left).
public final class TemporaryDirectory: @unchecked Sendable {
    public let url: URL
    public var path: String { url.path }

    public init(_ label: String = "halo") throws {
        let base = URL(fileURLWithPath: NSTemporaryDirectory())
        url = base.appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// A path inside the directory.
    public func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit {
        if ProcessInfo.processInfo.environment["HALO_KEEP_TMP"] != "1" {
            try? FileManager.default.removeItem(at: url)
        }
    }
}
