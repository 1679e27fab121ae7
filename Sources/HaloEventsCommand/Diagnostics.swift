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

    /// Writes to file descriptor 2, one `write` per line; when that is not a terminal (a log file, a pipe),
    /// each line starts with the UTC time, ISO-8601 to the second (`2026-12-02T05:40:00Z halo-events: …`).
    public static let standardError: Diagnostics = {
        let stamped = isatty(STDERR_FILENO) == 0
        return Diagnostics { line in
            let bytes = Array(((stamped ? utcTimestamp() + " " : "") + line + "\n").utf8)
            _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        }
    }()

    /// The current UTC time, e.g. `2026-12-02T05:40:00Z`.
    static func utcTimestamp() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        var text = [CChar](repeating: 0, count: 32)
        let length = strftime(&text, text.count, "%Y-%m-%dT%H:%M:%SZ", &parts)
        return String(decoding: text.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
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
