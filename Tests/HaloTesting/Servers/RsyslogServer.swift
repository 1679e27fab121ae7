import Foundation
import HaloPlatform

/// A real `rsyslogd` started in a temporary directory, listening on a loopback UDP port, a loopback TCP
/// port (octet-counted or LF framing) and a private unix socket, and writing every message it receives,
/// raw (`%rawmsg%`), one per line, to ``outputPath``. Control characters other than TAB (LEEF's
/// delimiter) are escaped on receipt as rsyslog does by default (`#012` for LF), so a raw one in a
/// message shows.
///
/// Stop and start it again (same ports, same socket) to test reconnection. Installs nothing: when
/// `rsyslogd` is missing, ``start()`` fails and says to `apt-get install -y rsyslog`.
public final class RsyslogServer: @unchecked Sendable {
    public enum Failure: Error, CustomStringConvertible {
        case notInstalled
        case notReady(String)
        public var description: String {
            switch self {
            case .notInstalled: "rsyslogd not found; install it with: apt-get update && apt-get install -y rsyslog"
            case .notReady(let detail): "rsyslogd did not get ready: \(detail)"
            }
        }
    }

    public let directory: TemporaryDirectory
    public let udpPort: Int
    public let tcpPort: Int
    /// The private unix datagram socket (what `/dev/log` is for the system daemon).
    public var socketPath: String { directory.file("log.sock") }
    /// Every message received, one per line.
    public var outputPath: String { directory.file("out.log") }
    private var process: Process?
    private var probes = 0

    /// What the messages ``start()`` sends to see the daemon listening hold (they stay in ``outputPath``).
    public static let probeText = "rsyslog-test-probe"

    /// The `maxMessageSize` a server gets unless told otherwise: room for the largest events of the tests.
    public static let largeMessageSize = 262_144

    /// The UDP receive buffer a server gets unless told otherwise: room for the bursts of the tests.
    public static let largeUDPBuffer = "16m"

    /// Prepares the configuration (messages up to `maxMessageSize` bytes, a UDP receive buffer of
    /// `udpReceiveBuffer`; `nil`: rsyslog's own defaults, 8096 bytes and the kernel's buffer, as a
    /// default rsyslogd has); call ``start()`` to run it.
    public init(maxMessageSize: Int? = RsyslogServer.largeMessageSize, udpReceiveBuffer: String? = RsyslogServer.largeUDPBuffer) throws {
        directory = try TemporaryDirectory("rsyslog")
        udpPort = try freeLoopbackPort(udp: true)
        tcpPort = try freeLoopbackPort(udp: false)
        let config = """
            global(workDirectory="\(directory.path)" \(maxMessageSize.map { "maxMessageSize=\"\($0)\"" } ?? "")
                   parser.escapeControlCharacterTab="off")
            module(load="imudp")
            module(load="imtcp")
            module(load="imuxsock" SysSock.Use="off")
            template(name="raw" type="string" string="%rawmsg%\\n")
            input(type="imudp" address="127.0.0.1" port="\(udpPort)"\(udpReceiveBuffer.map { " rcvbufSize=\"\($0)\"" } ?? ""))
            input(type="imtcp" address="127.0.0.1" port="\(tcpPort)")
            input(type="imuxsock" Socket="\(socketPath)" CreatePath="on" RateLimit.Interval="0")
            *.* action(type="omfile" file="\(outputPath)" template="raw")

            """
        try config.write(toFile: directory.file("rsyslog.conf"), atomically: true, encoding: .utf8)
    }

    deinit { stop(signal: SIGKILL) }

    /// Starts the daemon and waits (at most 20 s) until a probe sent to each of its three inputs was written.
    public func start() throws {
        guard let executable = ["/usr/sbin/rsyslogd", "/sbin/rsyslogd", "/usr/bin/rsyslogd"]
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else { throw Failure.notInstalled }
        try? FileManager.default.removeItem(atPath: directory.file("rsyslogd.pid"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-n", "-f", directory.file("rsyslog.conf"), "-i", directory.file("rsyslogd.pid")]
        _ = FileManager.default.createFile(atPath: directory.file("rsyslogd.stderr"), contents: nil)
        let errors = try FileHandle(forWritingTo: URL(fileURLWithPath: directory.file("rsyslogd.stderr")))
        process.standardOutput = errors
        process.standardError = errors
        try process.run()
        self.process = process

        let deadline = Date().addingTimeInterval(20)
        probes += 1
        let token = "\(RsyslogServer.probeText)-\(probes)"
        while Date() < deadline {
            guard process.isRunning else { throw Failure.notReady("exited: \(diagnostics())") }
            sendProbes(token)
            if (try? String(contentsOfFile: outputPath, encoding: .utf8))
                .map({ text in ["udp", "tcp", "unix"].allSatisfy { text.contains("\(token)-\($0)") } }) == true {
                return
            }
            usleep(100_000)
        }
        throw Failure.notReady("no probe came through within 20 s: \(diagnostics())")
    }

    /// Stops the daemon with `signal` (SIGTERM: orderly; SIGKILL: as a crash) and waits for it to exit.
    public func stop(signal: Int32 = SIGTERM) {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        self.process = nil
    }

    /// The lines written so far that contain `token` (probes and the daemon's own messages are left out
    /// by choosing a token only the test's messages carry).
    public func lines(containing token: String) -> [String] {
        guard let data = FileManager.default.contents(atPath: outputPath) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
            .filter { $0.contains(token) }
            .map(String.init)
    }

    /// Waits (at most `timeout` seconds) until at least `count` lines contain `token`, then returns them.
    @discardableResult
    public func waitForLines(containing token: String, count: Int, timeout: Double = 30) -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        var found = lines(containing: token)
        while found.count < count, Date() < deadline {
            usleep(20_000)
            found = lines(containing: token)
        }
        return found
    }

    /// What rsyslogd printed, for failure messages.
    public func diagnostics() -> String {
        (try? String(contentsOfFile: directory.file("rsyslogd.stderr"), encoding: .utf8)) ?? ""
    }

    private func sendProbes(_ token: String) {
        let message = "<14>probe: \(token)"
        _ = sendDatagram(Array("\(message)-udp".utf8), toPort: udpPort)
        _ = sendDatagram(Array("\(message)-unix".utf8), toUnixSocket: socketPath)
        let tcp = "\(message)-tcp"
        _ = sendStream(Array("\(tcp.utf8.count) \(tcp)".utf8), toPort: tcpPort)
    }
}
