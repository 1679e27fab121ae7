#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloPlatform

/// The bookmark ossim-agent keeps for a log when its plugin sets `bookmark_dir=DIR`: the file
/// `DIR/<the log's file name>.bmk`, rewritten after every line it reads, holding a byte offset, a newline and
/// that line (with its own newline).
///
/// The line is right: it is the last line the agent read. The offset is not: the real agent writes the
/// position of its decoding reader, read-ahead included, so at start the line found there never matches
/// and it seeks to the end of the file instead (`../shared/reference/ossim.md`, "Tailing").
public struct AgentBookmark: Sendable, Hashable {
    /// The offset as the agent wrote it (wrong: past the line, by its read-ahead).
    public var offset: Int64
    /// The last line read, with its final newline.
    public var line: [UInt8]

    public init(offset: Int64, line: [UInt8]) {
        self.offset = offset
        self.line = line
    }

    /// The bookmark file of `log` in `directory`: `<directory>/<the log's file name>.bmk`
    /// (`TailFollowBookmark.py`; `reference/ossim.md` leaves out the `.bmk`).
    public static func path(directory: String, log: String) -> String {
        Path.appending(Path.lastComponent(of: log) + ".bmk", to: directory)
    }

    /// The bookmark in the file at `path`, or `nil` when there is none or it is not one (yet: it may be
    /// caught while the agent rewrites it, so a caller that needs one reads again).
    public static func read(path: String) -> AgentBookmark? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let bytes = [UInt8](data)
        guard let first = bytes.firstIndex(of: 0x0A), let offset = Int64(String(decoding: bytes[..<first], as: UTF8.self)),
              let end = bytes[(first + 1)...].firstIndex(of: 0x0A)
        else { return nil }
        return AgentBookmark(offset: offset, line: Array(bytes[(first + 1)...end]))
    }

    /// The file's text: the offset, a newline, the line.
    public var encoded: [UInt8] { Array("\(offset)\n".utf8) + line }
}
