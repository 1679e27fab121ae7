import Foundation

/// Reading back what a run wrote to a file.
public enum OutputFile {
    /// The whole lines of the file at `path` (a torn last line, without its line end, is left out), and
    /// whether the file ends inside a line; no lines when there is no file.
    public static func read(_ path: String) throws -> (lines: [String], tornTail: Bool) {
        guard FileManager.default.fileExists(atPath: path) else { return ([], false) }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        return (lines, !data.isEmpty && data.last != 0x0A)
    }

    /// The whole lines of the file at `path` (see ``read(_:)``).
    public static func lines(of path: String) throws -> [String] { try read(path).lines }
}
