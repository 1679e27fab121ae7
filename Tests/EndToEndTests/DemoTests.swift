import Foundation
import HaloTesting
import Testing

/// `halo-events --demo`, the README's first command: the whole chain offline, every line parsed by the plugin.
@Suite struct DemoTests {
    /// Run in a network namespace of its own whose only interface is loopback, so any use of the network
    /// beyond 127.0.0.1 would fail the demo; and within a minute.
    @Test func demoRunsTheWholeChainOffline() throws {
        let result = try runProcess(
            "/usr/bin/unshare",
            ["--net", "/bin/sh", "-c", #"ip link set lo up && [ "$(ip -o link | cut -d: -f2)" = " lo" ] && exec "$0" --demo"#,
             HaloEventsProcess.path],
            timeout: 60)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("1200 lines: 1200 parsed, 0 unmatched"))
        #expect(result.stdout.components(separatedBy: ": ok, 400 events delivered").count == 4)
        #expect(result.stdout.contains("plugin_sid="))
        let directory = try #require(result.stdout.split(separator: "\n").last?.split(separator: " ")[3])
        let log = try String(contentsOfFile: directory + "/cloudpassage-halo.log", encoding: .utf8)
        #expect(log.split(separator: "\n").count == 1200)
        #expect(log.split(separator: "\n").allSatisfy { $0.hasPrefix("CEF:0|CloudPassage|CPHalo|") })
        try FileManager.default.removeItem(atPath: String(directory))
    }

    /// The demo runs `halo-sim` from beside `halo-events`: alone in a directory, `halo-events --demo` says
    /// where it looked, exits 78 (an environment error, before anything ran), and leaves no demo directory.
    @Test func demoWithoutTheEmulatorBesideItSaysWhereItLookedAndExits78() throws {
        let bin = try TemporaryDirectory("demo-alone")
        let executable = bin.file("halo-events")
        try FileManager.default.copyItem(atPath: HaloEventsProcess.path, toPath: executable)
        let scratch = try TemporaryDirectory("demo-tmp")
        let result = try runProcess(executable, ["--demo"], environment: ["TMPDIR": scratch.path], timeout: 30)
        #expect(result.status == 78, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("halo-events: error: --demo runs halo-sim from this executable's directory, and there is no executable \(bin.file("halo-sim"))"),
                "stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
    }
}
