/// What `halo-events` writes on a standard error that is not a terminal (a pipe, the cron line's log):
/// each line after its UTC time, `2026-12-02T05:40:00Z halo-events: …`. Tests that read what a line says
/// read it without that time; the time itself is checked where it is the subject.
public enum StampedLines {
    /// The timestamp that starts a line: ISO-8601 UTC to the second, then a blank.
    public nonisolated(unsafe) static let stamp = #/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ /#

    /// `line` without its leading timestamp (as it is when there is none).
    public static func unstamped(_ line: some StringProtocol) -> String {
        let text = String(line)
        guard let match = text.prefixMatch(of: stamp) else { return text }
        return String(text[match.range.upperBound...])
    }

    /// The lines of `text` (each ended by a line feed), without their timestamps.
    public static func lines(of text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { unstamped($0) }
    }

    /// `text` with every line's timestamp removed.
    public static func text(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { unstamped($0) }.joined(separator: "\n")
    }
}
