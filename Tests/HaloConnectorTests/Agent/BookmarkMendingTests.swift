import Foundation
@testable import HaloDelivery
import HaloSIDMap
import HaloTesting
import Synchronization
import Testing

/// Mending ossim-agent's bookmark while it is stopped: the agent model, started on a mended bookmark,
/// reads on after its last line; on the bookmark as the agent left it, it seeks to the end of the log.
@Suite struct BookmarkMendingTests {
    static func line(_ n: Int) -> String { "CEF:0|CloudPassage|CPHalo|1.0|409|line \(n)|3|externalId=mend-\(n)\n" }

    /// How the agent stopped: killed (its pid file names a process that is gone), or cleanly, its pid file
    /// removed before its last bookmark (it had lines left: it read one while stopping) or after it.
    enum Stop { case killed, cleanlyWhileReading, cleanlyAfterItsLastLine }

    /// A log of `count` lines, its bookmark directory, and a bookmark on line `at` with the offset the agent
    /// writes (its read-ahead: past the line), the agent stopped as `stop` says.
    static func stoppedAgent(count: Int, at: Int, _ stop: Stop = .killed) throws -> (TemporaryDirectory, AgentWatch, Int64) {
        let dir = try TemporaryDirectory("mend")
        try FileManager.default.createDirectory(atPath: dir.file("agent"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir.file("run"), withIntermediateDirectories: true)
        let pidFile = dir.file("run/ossim-agent.pid")
        let lines = (0..<count).map(line)
        try lines.joined().write(toFile: dir.file("cef.log"), atomically: false, encoding: .utf8)
        let start = Int64(lines[..<at].joined().utf8.count)
        let bookmark = AgentBookmark(offset: start + 576, line: Array(lines[at].utf8))
        let writeBookmark = { try Data(bookmark.encoded).write(to: URL(fileURLWithPath: dir.file("agent/cef.log.bmk"))) }
        // File times are the kernel's coarse clock (a few milliseconds): 20 ms between the two.
        switch stop {
        case .killed:
            try writeBookmark()
            try "\(try deadPid())\n".write(toFile: pidFile, atomically: false, encoding: .utf8)
        case .cleanlyWhileReading:
            try "1\n".write(toFile: pidFile, atomically: false, encoding: .utf8)
            try FileManager.default.removeItem(atPath: pidFile)
            usleep(20_000)
            try writeBookmark()
        case .cleanlyAfterItsLastLine:
            try "1\n".write(toFile: pidFile, atomically: false, encoding: .utf8)
            try writeBookmark()
            usleep(20_000)
            try FileManager.default.removeItem(atPath: pidFile)
        }
        var watch = try #require(AgentWatch(log: dir.file("cef.log"), configDirectory: dir.path))
        watch.pidFile = pidFile
        return (dir, watch, start)
    }

    /// The pid of a process that has ended.
    static func deadPid() throws -> Int32 {
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        return gone.processIdentifier
    }

    /// Runs the agent model on the log until it has read nothing for 1 s (at most 20 s); the lines it read.
    static func modelReads(_ watch: AgentWatch) -> [String] {
        let read = Mutex<[String]>([]), stop = Atomic<Bool>(false)
        let thread = Thread {
            let tail = AgentTail(path: watch.log, bookmarkDirectory: watch.bookmarkDirectory, rate: 100_000, idleWait: 0.05,
                                 send: { line in read.withLock { $0.append(String(decoding: line, as: UTF8.self)) } }, say: { _ in })
            tail.run { stop.load(ordering: .relaxed) }
        }
        thread.start()
        let deadline = Date().addingTimeInterval(20)
        var count = -1
        while Date() < deadline {
            usleep(1_000_000)
            let now = read.withLock { $0.count }
            if now == count { break }
            count = now
        }
        stop.store(true, ordering: .relaxed)
        usleep(200_000)
        return read.withLock { $0 }
    }

    @Test func aMendedBookmarkMakesTheAgentReadOnAfterItsLastLine() throws {
        let (dir, watch, start) = try Self.stoppedAgent(count: 300, at: 119)
        let mend = try #require(try watch.mendBookmark())
        #expect(mend == AgentWatch.Mend(offset: start, unreadLines: 180, line: Array(Self.line(119).utf8)))
        #expect(AgentBookmark.read(path: dir.file("agent/cef.log.bmk")) == AgentBookmark(offset: start, line: Array(Self.line(119).utf8)))
        let read = Self.modelReads(watch)
        #expect(read == (120..<300).map(Self.line), "\(read.count) lines read, first \(read.first ?? "none")")
    }

    /// Stopped cleanly with lines left, the agent removes its pid file, then reads one more line, bookmarks
    /// it and drops it: the bookmark gets the line before, so the dropped one is read (once: mending again
    /// changes nothing).
    @Test func aCleanStopWhileReadingGetsTheLineItDroppedReadAgain() throws {
        let (dir, watch, _) = try Self.stoppedAgent(count: 300, at: 119, .cleanlyWhileReading)
        let previousStart = Int64((0..<118).map(Self.line).joined().utf8.count)
        let mend = try #require(try watch.mendBookmark())
        #expect(mend == AgentWatch.Mend(offset: previousStart, unreadLines: 181, readAtStop: true, line: Array(Self.line(118).utf8)))
        #expect(try watch.mendBookmark() == AgentWatch.Mend(offset: previousStart, unreadLines: 181, line: Array(Self.line(118).utf8)))
        #expect(AgentBookmark.read(path: dir.file("agent/cef.log.bmk")) == AgentBookmark(offset: previousStart, line: Array(Self.line(118).utf8)))
        let read = Self.modelReads(watch)
        #expect(read == (119..<300).map(Self.line), "\(read.count) lines read, first \(read.first ?? "none")")
    }

    /// The agent's own offset is its line's start when that line was the first it read after reaching the
    /// end of the log (a batch of one line, the first of a batch): dropped at a clean stop, it is read again too.
    @Test func aCleanStopOnTheFirstLineOfABatchGetsItReadAgain() throws {
        let (dir, watch, start) = try Self.stoppedAgent(count: 300, at: 119, .cleanlyWhileReading)
        try Data(AgentBookmark(offset: start, line: Array(Self.line(119).utf8)).encoded).write(to: URL(fileURLWithPath: dir.file("agent/cef.log.bmk")))
        let mend = try #require(try watch.mendBookmark())
        #expect(mend.readAtStop && mend.line == Array(Self.line(118).utf8))
        #expect(Self.modelReads(watch) == (119..<300).map(Self.line))
    }

    /// A clean stop after the agent's last line was read and sent (the bookmark older than the pid file's
    /// removal): mended after it, as for a kill.
    @Test func aCleanStopAfterItsLastLineReadsOnAfterIt() throws {
        let (dir, watch, start) = try Self.stoppedAgent(count: 300, at: 119, .cleanlyAfterItsLastLine)
        defer { withExtendedLifetime(dir) {} }
        #expect(try watch.mendBookmark() == AgentWatch.Mend(offset: start, unreadLines: 180, line: Array(Self.line(119).utf8)))
        #expect(Self.modelReads(watch) == (120..<300).map(Self.line))
    }

    /// The model stopped as the agent stops (its pid file removed, then one more line read, bookmarked and
    /// dropped) while it has lines left; mended, then started again: every line once.
    @Test func theModelStoppedCleanlyWhileReadingThenMendedReadsEveryLineOnce() throws {
        let dir = try TemporaryDirectory("clean-stop")
        try FileManager.default.createDirectory(atPath: dir.file("agent"), withIntermediateDirectories: true)
        let pidFile = dir.file("ossim-agent.pid")
        try "\(getpid())\n".write(toFile: pidFile, atomically: false, encoding: .utf8)
        try (0..<3000).map(Self.line).joined().write(toFile: dir.file("cef.log"), atomically: false, encoding: .utf8)
        var watch = try #require(AgentWatch(log: dir.file("cef.log"), configDirectory: dir.path))
        watch.pidFile = pidFile
        // A first bookmark at the log's start (the model starts on it), then 0.5 s at 1 000 lines a second.
        try Data(AgentBookmark(offset: 0, line: Array(Self.line(0).utf8)).encoded).write(to: URL(fileURLWithPath: dir.file("agent/cef.log.bmk")))
        let first = Mutex<[String]>([]), stop = Atomic<Bool>(false), log = watch.log, bookmarkDirectory = watch.bookmarkDirectory
        let thread = Thread {
            AgentTail(path: log, bookmarkDirectory: bookmarkDirectory, rate: 1000,
                      send: { line in first.withLock { $0.append(String(decoding: line, as: UTF8.self)) } }, say: { _ in })
                .run(until: { stop.load(ordering: .relaxed) }, stopping: { unlink(pidFile) })
        }
        thread.start()
        usleep(500_000)
        stop.store(true, ordering: .relaxed)
        let deadline = Date().addingTimeInterval(5)
        while FileManager.default.fileExists(atPath: pidFile) || AgentBookmark.read(path: dir.file("agent/cef.log.bmk"))?.line == Array(first.withLock { $0.last ?? "" }.utf8),
              Date() < deadline { usleep(10_000) }
        usleep(100_000)
        let before = first.withLock { $0 }
        let dropped = try #require(AgentBookmark.read(path: dir.file("agent/cef.log.bmk"))).line
        #expect(before.count > 100 && before.count < 2999 && !before.contains(String(decoding: dropped, as: UTF8.self)),
                "\(before.count) lines read before the stop; the bookmark's line among them: \(before.contains(String(decoding: dropped, as: UTF8.self)))")
        let mend = try #require(try watch.mendBookmark())
        #expect(mend.readAtStop)
        let after = Self.modelReads(watch)
        #expect(before + after == (1..<3000).map(Self.line), "\(before.count) + \(after.count) lines read, first after the start \(after.first ?? "none")")
    }

    /// Killed between truncating its bookmark and writing it, the agent leaves it empty: the line seen in it
    /// last takes its place.
    @Test func anEmptiedBookmarkGetsTheLastLineSeenInIt() throws {
        let (dir, watch, start) = try Self.stoppedAgent(count: 300, at: 119)
        try Data().write(to: URL(fileURLWithPath: dir.file("agent/cef.log.bmk")))
        #expect(try watch.mendBookmark(expecting: Array(Self.line(119).utf8)) == nil)
        let mend = try #require(try watch.mendBookmark(expecting: Array(Self.line(119).utf8), unreadable: true))
        #expect(mend == AgentWatch.Mend(offset: start, unreadLines: 180, line: Array(Self.line(119).utf8)))
        #expect(Self.modelReads(watch) == (120..<300).map(Self.line))
    }

    @Test func theBookmarkAsTheAgentLeftItMakesItSkipToTheEnd() throws {
        let (dir, watch, _) = try Self.stoppedAgent(count: 300, at: 119)
        // Something appended after the start: the model reads only that.
        let appended = Thread {
            usleep(300_000)
            try? FileHandle(forWritingAtPath: watch.log).map { try $0.seekToEnd(); try $0.write(contentsOf: Data(Self.line(300).utf8)) }
        }
        appended.start()
        #expect(Self.modelReads(watch) == [Self.line(300)])
        withExtendedLifetime(dir) {}
    }

    @Test func onlyTheExpectedLineIsMendedAndALineNotInTheLogIsLeftAlone() throws {
        let (dir, watch, _) = try Self.stoppedAgent(count: 50, at: 10)
        let before = try Data(contentsOf: URL(fileURLWithPath: dir.file("agent/cef.log.bmk")))
        #expect(try watch.mendBookmark(expecting: Array(Self.line(11).utf8)) == nil)
        try Data(AgentBookmark(offset: 7, line: Array("not in the log\n".utf8)).encoded).write(to: URL(fileURLWithPath: dir.file("agent/cef.log.bmk")))
        #expect(try watch.mendBookmark() == nil)
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.file("agent/cef.log.bmk"))) != before)
        #expect(AgentBookmark.read(path: dir.file("agent/cef.log.bmk"))?.offset == 7)
    }

    @Test func thePidFileTellsWhetherTheAgentRuns() throws {
        let dir = try TemporaryDirectory("pid")
        let path = dir.file("ossim-agent.pid")
        #expect(AgentProcess.of(pidFile: path) == .notRunning)
        try "\(getpid())\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(AgentProcess.of(pidFile: path) == .running(pid: getpid()))
        try "\(try Self.deadPid())".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(AgentProcess.of(pidFile: path) == .notRunning)
        try "garbage".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(AgentProcess.of(pidFile: path) == .notRunning)
    }
}

/// When the keeper mends: a state machine told the pid file, the bookmark and whether it is the log's end.
@Suite struct BookmarkKeepingTests {
    let a = Array("line a\n".utf8), b = Array("line b\n".utf8)

    @Test func mendsOnceAStoppedAgentsBookmarkHasStayedPutWithLinesLeft() {
        var keeping = BookmarkKeeping(stillFor: 0.3)
        #expect(keeping.look(agent: .running(pid: 10), bookmarkLine: a, caughtUp: false, at: 0) == .none)
        #expect(keeping.look(agent: .notRunning, bookmarkLine: a, caughtUp: false, at: 0.1) == .none)
        #expect(keeping.look(agent: .notRunning, bookmarkLine: a, caughtUp: false, at: 0.35) == .mend(line: a))
        #expect(keeping.hasMended(a))
        #expect(keeping.look(agent: .notRunning, bookmarkLine: a, caughtUp: false, at: 0.5) == .none)
        // Restarted on the mended bookmark, it reads on, then stops again on another line.
        #expect(keeping.look(agent: .running(pid: 11), bookmarkLine: a, caughtUp: false, at: 0.6) == .none)
        #expect(!keeping.hasMended(a))
        #expect(keeping.look(agent: .notRunning, bookmarkLine: b, caughtUp: false, at: 0.7) == .none)
        #expect(keeping.look(agent: .notRunning, bookmarkLine: b, caughtUp: false, at: 1.0) == .mend(line: b))
    }

    @Test func neverMendsWhileTheBookmarkMovesTheAgentIsCaughtUpOrThereIsNoBookmark() {
        var keeping = BookmarkKeeping(stillFor: 0.3)
        // No pid file (an agent run without one): a bookmark that moves is a live agent.
        for step in 0..<10 {
            #expect(keeping.look(agent: .notRunning, bookmarkLine: step % 2 == 0 ? a : b, caughtUp: false, at: Double(step) * 0.2) == .none)
        }
        #expect(keeping.look(agent: .notRunning, bookmarkLine: b, caughtUp: true, at: 5) == .none)
        #expect(keeping.look(agent: .notRunning, bookmarkLine: nil, caughtUp: true, at: 9) == .none)
        #expect(keeping.look(agent: .running(pid: 3), bookmarkLine: b, caughtUp: false, at: 20) == .none)
    }

    @Test func aNewPidWithNoStopSeenIsARestartTooQuickToMend() {
        var keeping = BookmarkKeeping(stillFor: 0.3)
        #expect(keeping.look(agent: .running(pid: 10), bookmarkLine: a, caughtUp: false, at: 0) == .none)
        #expect(keeping.look(agent: .running(pid: 12), bookmarkLine: b, caughtUp: false, at: 0.1) == .restartedUnseen(from: 10, to: 12))
        #expect(keeping.look(agent: .running(pid: 12), bookmarkLine: b, caughtUp: false, at: 0.2) == .none)
        // A stop seen between: no warning (the bookmark was mended, or had nothing to mend).
        #expect(keeping.look(agent: .notRunning, bookmarkLine: b, caughtUp: true, at: 0.3) == .none)
        #expect(keeping.look(agent: .running(pid: 13), bookmarkLine: b, caughtUp: true, at: 0.4) == .none)
    }
}
