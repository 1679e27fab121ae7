#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloPlatform

/// The project's model of how ossim-agent tails its log (`TailFollowBookmark.py`; see
/// `../shared/reference/ossim.md`, "Tailing"), to test what reaches OSSIM against the real behaviour:
///
/// - before every line it stats the path; when the device or inode changed (a rotation by rename) it
///   removes its bookmark and reads the new file from its start at once: **whatever it had not read of the
///   old file is never read**;
/// - a file shorter than the position is read from its new end;
/// - at start it seeks to the bookmark's offset if the line there is the bookmark's line, else (always,
///   the offset being the read-ahead's) to **the end of the file**: lines written while it was stopped are
///   skipped;
/// - after every line it rewrites the bookmark (the wrong offset, the right line), then sends the line;
/// - told to stop, it stops as `Agent.shutdown` does: its pid file goes first, then, with lines left, it reads
///   one more, bookmarks it and drops it (`ParserLog` looks at its stop flag after the tail hands it a line);
/// - when there is no whole line to read it waits 1 s and reads on;
/// - it reads at most ``rate`` lines a second (the real one manages about 1 000).
public final class AgentTail {
    /// The log it follows.
    public let path: String
    /// `bookmark_dir`, or `nil` for none.
    public let bookmarkDirectory: String?
    /// Lines a second at most.
    public let rate: Double
    /// The wait when there is no whole line (1 s, as the agent's).
    public let idleWait: Double
    private let send: ([UInt8]) -> Void
    private let say: (String) -> Void
    private var reader: TailReader?

    /// A model following `path`, giving each line read to `send` and its log lines to `say`.
    public init(path: String, bookmarkDirectory: String?, rate: Double, idleWait: Double = 1,
                send: @escaping ([UInt8]) -> Void, say: @escaping (String) -> Void) {
        self.path = path
        self.bookmarkDirectory = bookmarkDirectory
        self.rate = rate
        self.idleWait = idleWait
        self.send = send
        self.say = say
    }

    private var bookmarkPath: String? { bookmarkDirectory.map { AgentBookmark.path(directory: $0, log: path) } }

    /// Follows the log until `stop` says so (checked between lines and after waits), or forever; then
    /// `stopping` runs (the agent removes its pid file), and a line left to read is read, bookmarked and dropped.
    public func run(until stop: () -> Bool = { false }, stopping: () -> Void = {}) {
        start()
        let pace = rate > 0 ? 1 / rate : 0
        var due = Date().timeIntervalSince1970
        while true {
            if stop() {
                stopping()
                if followRotation(), let reader, let line = reader.nextLine() {
                    writeBookmark(AgentBookmark(offset: reader.readAhead, line: line))
                }
                return
            }
            guard followRotation(), let reader else { sleep(seconds: idleWait); continue }
            if reader.size < reader.position {
                say("\(path) truncated: reading from its new end")
                reader.seek(to: reader.size)
            }
            guard let line = reader.nextLine() else {
                sleep(seconds: idleWait)
                due = Date().timeIntervalSince1970
                continue
            }
            writeBookmark(AgentBookmark(offset: reader.readAhead, line: line))
            send(line)
            due += pace
            let now = Date().timeIntervalSince1970
            if due > now { sleep(seconds: due - now) } else if now - due > 1 { due = now }
        }
    }

    /// Opens the log where the bookmark says if its line is there, else at the end.
    private func start() {
        guard let reader = TailReader(path: path) else {
            say("\(path) not there yet: waiting for it")
            return
        }
        self.reader = reader
        if let bookmarkPath, let mark = AgentBookmark.read(path: bookmarkPath) {
            reader.seek(to: mark.offset)
            if reader.nextLine() == mark.line {
                say("resuming \(path) after its bookmark")
                return
            }
            say("Bookmark expected \(String(decoding: mark.line, as: UTF8.self).prefix(60))… at \(mark.offset) of \(path). Chasing tail instead")
        }
        reader.seek(to: reader.size)
    }

    /// Switches to the file now at the path when it is another one (and drops the bookmark); `false` when
    /// the path names no file (between logrotate's rename and its `create`): nothing is read then.
    private func followRotation() -> Bool {
        var st = stat()
        guard stat(path, &st) == 0 else { return false }
        if let reader, reader.device == UInt64(st.st_dev), reader.inode == UInt64(st.st_ino) { return true }
        if reader != nil {
            say("rotation of \(path) detected: reading the new file")
            if let bookmarkPath { unlink(bookmarkPath) }
        }
        reader = TailReader(path: path)
        return true
    }

    /// Rewrites the bookmark after every line as the agent does (`open(path, 'w')`, write, close): by its
    /// path each time, truncated first, so a reader may catch it empty or half written.
    private func writeBookmark(_ mark: AgentBookmark) {
        guard let bookmarkPath else { return }
        let fd = open(bookmarkPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        let bytes = mark.encoded
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    private func sleep(seconds: Double) {
        guard seconds > 0 else { return }
        usleep(UInt32(min(seconds, 60) * 1_000_000))
    }
}
