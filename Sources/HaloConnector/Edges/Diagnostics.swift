import Foundation

/// Where the connector talks to people: standard error. Everything it says is one line, prefixed
/// `halo-events:`. In a good run the per-account summaries are all it says (none with `--quiet`).
public struct Diagnostics: Sendable {
    private let emit: @Sendable (String) -> Void

    /// Diagnostics that hand each line (without line end) to `emit`.
    public init(_ emit: @escaping @Sendable (String) -> Void) { self.emit = emit }

    /// Writes to file descriptor 2, one `write` per line.
    public static let standardError = Diagnostics { line in
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    public func say(_ message: String) { emit("halo-events: " + message) }
    public func warn(_ message: String) { emit("halo-events: warning: " + message) }
    public func error(_ message: String) { emit("halo-events: error: " + message) }
}
