import Foundation
import HaloTesting
import Testing

/// The shipped `logrotate/cloudpassage-halo`, checked by the real logrotate.
@Suite struct LogrotateConfigurationTests {
    /// `logrotate -d` reads the shipped file (its paths moved into a temporary directory) without a
    /// single error, and understands it as intended: both logs, the kept history, compression.
    @Test func realLogrotateAcceptsTheShippedFile() throws {
        let dir = try TemporaryDirectory("halo-logrotate")
        let shipped = try String(contentsOf: TestPaths.repoRoot.appendingPathComponent("logrotate/cloudpassage-halo"), encoding: .utf8)
        let text = PathRewriter.install(prefix: dir.file("usr"), sysconfdir: dir.file("etc"), localstatedir: dir.file("var")).apply(shipped)
        try FileManager.default.createDirectory(atPath: dir.file("var/log"), withIntermediateDirectories: true)
        for log in ["cloudpassage-halo.log", "halo-events.log"] {
            try "CEF:0|CloudPassage|CPHalo|1|1|x|3|rt=Jan 01 2024 00:00:00\n".write(toFile: dir.file("var/log/\(log)"), atomically: true, encoding: .utf8)
        }
        let logrotate = try Logrotate(configuration: text, in: dir)
        let result = try logrotate.check()
        let output = result.stdout + result.stderr
        #expect(result.status == 0, "logrotate -d failed:\n\(output)")
        #expect(!output.lowercased().contains("error"), "logrotate -d reported an error:\n\(output)")
        #expect(output.contains("rotating pattern: \(dir.file("var/log/cloudpassage-halo.log")) \(dir.file("var/log/halo-events.log"))"), "\(output)")
        #expect(output.contains("(14 rotations)"), "\(output)")
        #expect(output.contains("considering log \(dir.file("var/log/halo-events.log"))"), "\(output)")
        #expect(!output.contains("copytruncate"))
    }
}
