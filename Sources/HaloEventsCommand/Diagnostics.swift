import HaloPlatform

/// Where `halo-events` talks to people: standard error. Everything it says is one line, prefixed
/// `halo-events:`. In a good run the per-account summaries are all it says (none with `--quiet`).
public struct Diagnostics: Sendable {
    /// A line and how it is marked.
    public enum Line: Sendable, Hashable {
        case info(String)
        case warning(String)
        case error(String)
    }

    private let emit: @Sendable (String) -> Void

    /// Diagnostics that hand each line (without line end) to `emit`.
    public init(_ emit: @escaping @Sendable (String) -> Void) { self.emit = emit }

    /// Writes to file descriptor 2, one `write` per line.
    public static let standardError = Diagnostics { line in
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    public func say(_ line: Line) {
        switch line {
        case .info(let message): emit("halo-events: " + message)
        case .warning(let message): emit("halo-events: warning: " + message)
        case .error(let message): emit("halo-events: error: " + message)
        }
    }

    func say(_ message: String) { say(.info(message)) }
    func error(_ message: String) { say(.error(message)) }
}
