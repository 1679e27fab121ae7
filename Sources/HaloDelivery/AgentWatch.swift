#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloConnector
import HaloPlatform
import HaloSIDMap

/// Before a run writes to the agent's log (under the run lock): finds out whether ossim-agent skipped
/// lines by restarting (it seeks to the end of the file when it starts, its bookmark's offset being wrong),
/// and appends those lines again, once; and says how far behind the agent is.
///
/// Between runs nobody writes the log, so an agent that is behind and reading moves its bookmark within
/// milliseconds (it reads about 1 000 lines a second). A bookmark that stays put while lines are left
/// means the agent is not reading: stopped, or restarted and waiting at the end of the file. A probe line
/// (not CEF: the plugin ignores it) tells the two apart: an agent waiting at the end reads it at once, so
/// its bookmark goes from its old line straight to the probe; the lines between were skipped and are
/// appended again. A stopped agent does not read the probe: nothing is appended now (it would seek past
/// it too), the next run looks again.
///
/// An agent whose bookmark stays put and whose pid file says it is not running (``AgentProcess``) has
/// its bookmark mended instead (``mendBookmark(expecting:unreadable:)``): started again, it reads on after its last
/// line, whatever was written meanwhile.
public struct AgentWatch: Sendable {
    public var log: String
    public var bookmarkDirectory: String
    /// The agent's pid file (``AgentProcess/defaultPidFile``).
    public var pidFile = AgentProcess.defaultPidFile
    /// How long a bookmark must stay put to count as not moving, and how long the probe is waited for.
    public var stillFor: Double = 1.5
    public var probeWait: Double = 3

    /// The agent's bookmarks are in `<configDirectory>/agent`, where the package creates the plugin's
    /// `bookmark_dir`; `nil` when that directory is not there (the watch is off).
    public init?(log: String, configDirectory: String) {
        let directory = Path.appending("agent", to: configDirectory)
        var status = stat()
        guard stat(directory, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else { return nil }
        self.log = log
        bookmarkDirectory = directory
    }

    /// What the watch found before the run wrote.
    public enum Finding: Sendable, Hashable {
        /// The agent has read everything, or is reading.
        case reading
        /// The agent's bookmark stayed put with `unreadLines` left, and it did not read the probe: not running?
        case notReading(unreadLines: Int?)
        /// The agent restarted and skipped `lines` lines: they were appended again.
        case reappended(lines: Int)
        /// The agent is not running (its pid file says so) and has lines left; its bookmark now names where
        /// its last line starts, so that started again it reads on after it: `unreadLines` lines, and what
        /// this run writes. `readAtStop`: it names the line before (see ``mendBookmark(expecting:unreadable:)``).
        case stopped(unreadLines: Int, readAtStop: Bool)
        /// No bookmark to go by (the agent never read this file, or its plugin has no `bookmark_dir`).
        case noBookmark
    }

    /// Looks, and appends the skipped lines again when the agent restarted past them.
    public func reconcile() throws -> Finding {
        let bookmarkPath = AgentBookmark.path(directory: bookmarkDirectory, log: log)
        guard let position = AgentPosition.of(log: log, bookmarkDirectory: bookmarkDirectory), !position.caughtUp else { return .reading }
        guard let unread = position.unreadBytes, let first = AgentBookmark.read(path: bookmarkPath) else { return .noBookmark }
        let from = position.size - unread
        if moves(from: first, path: bookmarkPath, within: stillFor) != nil { return .reading }
        // Not moving with lines left. Not running: mend its bookmark; else it restarted (or stalls): probe.
        if case .notRunning = AgentProcess.of(pidFile: pidFile), let mend = try mendBookmark(expecting: first.line) {
            return .stopped(unreadLines: mend.unreadLines, readAtStop: mend.readAtStop)
        }
        let probe = AgentProbe.line()
        try LogAppender.append(probe, to: log)
        let deadline = Date().addingTimeInterval(probeWait)
        while Date() < deadline {
            guard let seen = moves(from: first, path: bookmarkPath, within: 0.01) else { continue }
            guard seen.line == probe else { return .reading }  // it went through the lines: it was reading
            let skipped = skippedLines(from: from, to: position.size)
            try LogAppender.append(skipped.bytes, to: log)
            return .reappended(lines: skipped.count)
        }
        return .notReading(unreadLines: position.unreadLines)
    }

    /// A bookmark set to where its line starts in the log (see ``mendBookmark(expecting:unreadable:)``).
    public struct Mend: Sendable, Hashable {
        /// Where the line now in the bookmark starts: the offset now in it.
        public var offset: Int64
        /// The lines after it.
        public var unreadLines: Int
        /// The agent stopped cleanly while it had lines to read: the line in its bookmark, read during its
        /// stop, never reached OSSIM, so the bookmark now names the line before it, and the agent reads it again.
        public var readAtStop = false
        /// The line now in the bookmark.
        public var line: [UInt8] = []
    }

    /// Writes into the agent's bookmark the offset where its line starts in the log, so that the agent, when
    /// it starts, finds its line there and reads on after it (the offset it writes itself is its read-ahead's,
    /// which makes it seek to the end of the file: everything written while it was down would be skipped).
    /// Only for an agent that is not running: a running one rewrites the bookmark after every line.
    ///
    /// An agent stopped cleanly removes its pid file first, then deactivates its outputs, then stops its
    /// parsers (`Agent.shutdown` of 5.8): one that had lines left reads one more, bookmarks it and drops it
    /// (`ParserLog` checks its stop flag after the tail handed it a line). So when the pid file is gone and
    /// the bookmark was written at or after the file's removal (its directory's time), it gets the line
    /// before its own instead, and the dropped line is read again; the mended bookmark is dated just before
    /// the removal, so that mending it again leaves it.
    ///
    /// `expecting`: mend only a bookmark on that line; with `unreadable`, the bookmark is there but empty or
    /// half written (the agent was killed while rewriting it) and gets `expecting` as its line. `nil` when
    /// there is no bookmark or its line is not in the log (after a rotation the agent reads the new file
    /// from its start anyway).
    public func mendBookmark(expecting line: [UInt8]? = nil, unreadable: Bool = false) throws -> Mend? {
        let path = AgentBookmark.path(directory: bookmarkDirectory, log: log)
        let current = AgentBookmark.read(path: path)
        guard let mark = unreadable && current == nil ? line.map({ AgentBookmark(offset: -1, line: $0) }) : current,
              line == nil || mark.line == line,
              let position = AgentPosition.of(log: log, line: mark.line), let start = position.lineStart, let unread = position.unreadLines
        else { return nil }
        if current != nil, start > 0, let removed = AgentProcess.pidFileRemoved(pidFile),
           let written = FileTime.modified(path), written >= removed,
           let previous = LogScan.line(endingAt: start, in: log) {
            try AtomicFile.write(AgentBookmark(offset: previous.start, line: previous.bytes).encoded, to: path, mode: 0o644)
            FileTime.setModified(path, to: removed - 0.01)
            return Mend(offset: previous.start, unreadLines: unread + 1, readAtStop: true, line: previous.bytes)
        }
        if start != mark.offset {
            try AtomicFile.write(AgentBookmark(offset: start, line: mark.line).encoded, to: path, mode: 0o644)
        }
        return Mend(offset: start, unreadLines: unread, line: mark.line)
    }

    /// How far the agent is in the log after a run (`nil`: no log). When its bookmark's line is not in the
    /// log, waits (up to twice ``stillFor``) for it to be: just after a rotation the agent is still on the
    /// renamed file until its next look at the path (it waits 1 s when it has nothing to read).
    public func settledPosition() -> AgentPosition? {
        let deadline = Date().addingTimeInterval(2 * stillFor)
        var position = AgentPosition.of(log: log, bookmarkDirectory: bookmarkDirectory)
        while let current = position, current.unreadLines == nil, Date() < deadline {
            usleep(50_000)
            position = AgentPosition.of(log: log, bookmarkDirectory: bookmarkDirectory)
        }
        return position
    }

    /// The bookmark once it differs from `mark`, polled for up to `seconds`; `nil` if it stayed.
    private func moves(from mark: AgentBookmark, path: String, within seconds: Double) -> AgentBookmark? {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            if let now = AgentBookmark.read(path: path), now.line != mark.line { return now }
            usleep(2_000)
        } while Date() < deadline
        return nil
    }

    /// The lines of the log in `from..<to`, less earlier probes.
    private func skippedLines(from: Int64, to: Int64) -> (bytes: [UInt8], count: Int) {
        let fd = open(log, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return ([], 0) }
        defer { close(fd) }
        var bytes: [UInt8] = [], count = 0
        var at = from
        while at < to {
            let chunk = LogScan.read(fd, from: at, count: Int(min(Int64(LogScan.chunk), to - at)))
            guard !chunk.isEmpty else { break }
            bytes += chunk
            at += Int64(chunk.count)
        }
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().filter { !$0.starts(with: AgentProbe.prefix) }
        var out: [UInt8] = []
        for line in lines {
            out += line
            out.append(0x0A)
            count += 1
        }
        return (out, count)
    }
}
