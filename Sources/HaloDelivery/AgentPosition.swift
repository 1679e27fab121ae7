#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloPlatform
import HaloSIDMap

/// How far ossim-agent has read a log, told by its bookmark's line (the bookmark's offset is wrong; see
/// ``AgentBookmark``) found in the file.
public struct AgentPosition: Sendable, Hashable {
    /// The log's device and inode, and its length when looked at.
    public var device: UInt64
    public var inode: UInt64
    public var size: Int64
    /// Bytes and lines after the bookmark's line: what the agent has still to read (the whole file when it
    /// has no bookmark for it, e.g. just after a rotation); `nil` when the bookmark's line is not in the file
    /// (the agent is still in an older file, or its plugin has no `bookmark_dir`).
    public var unreadBytes: Int64?
    public var unreadLines: Int?
    /// Where the bookmark's line starts in the file, when found.
    var lineStart: Int64?

    /// Whether the agent has read every line of the file.
    public var caughtUp: Bool { unreadBytes == 0 }

    /// Looks at `log` and the agent's bookmark for it in `bookmarkDirectory`; `nil` when there is no log.
    /// `after`: an earlier position of the agent in the same file, where the search for its line starts
    /// (it only reads forwards).
    public static func of(log: String, bookmarkDirectory: String, after earlier: AgentPosition? = nil) -> AgentPosition? {
        let bookmarkPath = AgentBookmark.path(directory: bookmarkDirectory, log: log)
        // A bookmark caught half rewritten does not parse: read it again.
        var mark = AgentBookmark.read(path: bookmarkPath)
        for _ in 0..<5 where mark == nil && FileManager.default.fileExists(atPath: bookmarkPath) {
            usleep(2_000)
            mark = AgentBookmark.read(path: bookmarkPath)
        }
        return of(log: log, line: mark?.line, after: earlier)
    }

    /// Looks at `log` for the agent's last line `line` (`nil`: it has no bookmark, the whole file is unread).
    static func of(log: String, line: [UInt8]?, after earlier: AgentPosition? = nil) -> AgentPosition? {
        let fd = open(log, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        var position = AgentPosition(device: UInt64(st.st_dev), inode: UInt64(st.st_ino), size: Int64(st.st_size))
        guard position.size > 0 else {
            (position.unreadBytes, position.unreadLines) = (0, 0)
            return position
        }
        guard let line else {
            position.unreadBytes = position.size
            position.unreadLines = LogScan.lines(fd, from: 0, to: position.size)
            return position
        }
        var from: Int64 = 0
        if let earlier, earlier.device == position.device, earlier.inode == position.inode, let start = earlier.lineStart,
           earlier.size <= position.size {
            from = start
        }
        if let end = LogScan.endOfLastLine(line, in: fd, from: from, size: position.size)
            ?? (from > 0 ? LogScan.endOfLastLine(line, in: fd, from: 0, size: position.size) : nil) {
            position.unreadBytes = position.size - end
            position.lineStart = end - Int64(line.count)
            position.unreadLines = LogScan.lines(fd, from: end, to: position.size)
        }
        return position
    }
}

/// Reading a log forwards in chunks.
enum LogScan {
    static let chunk = 1 << 16

    /// The offset just after the last whole line of the file from `start` (a line start) equal to `line`
    /// (which ends with a newline),
    /// read forwards chunk by chunk, a line at a time.
    static func endOfLastLine(_ line: [UInt8], in fd: Int32, from start: Int64 = 0, size: Int64) -> Int64? {
        guard !line.isEmpty, Int64(line.count) <= size - start else { return nil }
        var found: Int64?
        var lineStart = start
        var window = max(chunk, line.count)
        while lineStart < size {
            // A window that starts at a line start and holds whole lines, grown for a line longer than it.
            let bytes = read(fd, from: lineStart, count: Int(min(Int64(window), size - lineStart)))
            guard !bytes.isEmpty else { break }
            let consumed = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                var at = 0
                while at < buffer.count, let hit = memchr(base + at, 0x0A, buffer.count - at) {
                    let end = base.distance(to: UnsafeRawPointer(hit)) + 1
                    if end - at == line.count, memcmp(base + at, line, line.count) == 0 { found = lineStart + Int64(end) }
                    at = end
                }
                return at
            }
            if consumed == 0 {
                guard lineStart + Int64(bytes.count) < size else { break }  // a last line without its newline yet
                window *= 2
                continue
            }
            lineStart += Int64(consumed)
            window = max(chunk, line.count)
        }
        return found
    }

    /// Whether the file at `path` ends with `line` (read from its end: cheap however long the file).
    static func ends(_ path: String, with line: [UInt8]) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, Int64(st.st_size) >= Int64(line.count) else { return false }
        return read(fd, from: Int64(st.st_size) - Int64(line.count), count: line.count) == line
    }

    /// How many newlines the file has in `from..<to`.
    static func lines(_ fd: Int32, from: Int64, to: Int64) -> Int {
        var count = 0, at = from
        while at < to {
            let bytes = read(fd, from: at, count: Int(min(Int64(chunk), to - at)))
            guard !bytes.isEmpty else { break }
            count += bytes.withUnsafeBytes { buffer in
                guard var from = buffer.baseAddress else { return 0 }
                var found = 0, left = buffer.count
                while left > 0, let hit = memchr(from, 0x0A, left) {
                    found += 1
                    left -= from.distance(to: UnsafeRawPointer(hit)) + 1
                    from = UnsafeRawPointer(hit) + 1
                }
                return found
            }
            at += Int64(bytes.count)
        }
        return count
    }

    /// The line of the file at `path` that ends just before `end` (a line start after the first): where it
    /// starts and its bytes, its newline included.
    static func line(endingAt end: Int64, in path: String) -> (start: Int64, bytes: [UInt8])? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0, end > 0 else { return nil }
        defer { close(fd) }
        var window = Int64(chunk)
        while true {
            // Its newline is at end - 1; the newline before that ends the line before it.
            let from = max(0, end - 1 - window)
            let before = read(fd, from: from, count: Int(end - 1 - from))
            if let newline = before.lastIndex(of: 0x0A) {
                let start = from + Int64(newline) + 1
                return (start, read(fd, from: start, count: Int(end - start)))
            }
            if from == 0 { return (0, read(fd, from: 0, count: Int(end))) }
            window *= 2
        }
    }

    static func read(_ fd: Int32, from offset: Int64, count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
        return n > 0 ? Array(bytes[..<n]) : []
    }
}
