import Foundation
import HaloTesting
import Testing

/// `halo-bench --quick` runs every measurement end to end (real halo-events, halo-sim, halo-sidbuilder,
/// the Python agent-cost script) and writes every figure, so the benchmark never rots. No timing target is
/// asserted: a test machine's speed proves nothing.
@Suite("halo-bench --quick")
struct BenchSmokeTests {
    @Test("every measurement runs and the JSON holds every figure")
    func quickRunWritesEveryFigure() throws {
        let directory = try TemporaryDirectory("bench")
        let json = directory.file("bench.json")
        let result = try runProcess(
            TestPaths.executable("halo-bench"),
            ["--quick", "--json", json, "--bin", TestPaths.products.path,
             "--agent-script", TestPaths.repoRoot.appendingPathComponent("bench/agent_cost.py").path],
            timeout: 600)
        #expect(result.status == 0, "halo-bench failed: \(result.stderr)")
        let report = try BenchJSON(path: json)

        #expect(report.text("mode") == "quick")
        #expect(report.number("machine", "cores") ?? 0 >= 1)
        #expect(!(report.text("machine", "cpu_model") ?? "").isEmpty)

        let formats = report.array("formatting", "formats")
        #expect(formats.compactMap { $0["format"] as? String } == ["cef", "leef", "kv", "json", "text"])
        for format in formats {
            for key in ["events_per_second", "ns_per_event", "bytes_per_line"] {
                #expect(((format[key] as? NSNumber)?.doubleValue ?? 0) > 0, "\(key) in \(format)")
            }
        }
        #expect(report.number("decoding", "events_per_second") ?? 0 > 0)
        #expect(report.number("decoding", "ns_per_event") ?? 0 > 0)
        #expect(report.number("decoding", "pages") == (report.number("decoding", "events") ?? 0) / 100)

        let backlog = try #require(report.number("catch_up", "backlog"))
        let runs = report.array("catch_up", "runs")
        // Every --threads at the documented 100 a page, then the default --threads at 500.
        #expect(runs.compactMap { ($0["threads"] as? NSNumber)?.intValue } == [1, 2, 4, 8, 4])
        #expect(runs.compactMap { ($0["per_page"] as? NSNumber)?.intValue } == [100, 100, 100, 100, 500])
        for run in runs {
            #expect((run["events"] as? NSNumber)?.doubleValue == backlog, "every run delivers the whole backlog: \(run)")
            for key in ["events_per_second", "ideal_events_per_second", "ratio_to_ideal", "seconds", "connector_cpu_seconds"] {
                #expect(((run[key] as? NSNumber)?.doubleValue ?? 0) > 0, "\(key) in \(run)")
            }
        }
        #expect(report.number("catch_up", "emulator_ceiling_events_per_second") ?? 0 > 0)
        #expect(report.number("catch_up", "latency_zero_events_per_second") ?? 0 > 0)

        let memory = report.array("memory", "runs")
        #expect(memory.count == 2)
        // And the smallest backlog again within the last 20 hours (every id kept for late arrivals).
        let recent = try #require(report.object("memory", "recent"), "memory.recent")
        #expect((recent["backlog"] as? NSNumber)?.intValue == (memory.first?["backlog"] as? NSNumber)?.intValue)
        for run in memory + [recent] {
            #expect(((run["halo_events_peak_rss_mib"] as? NSNumber)?.doubleValue ?? 0) > 1, "\(run)")
            #expect(((run["halo_sim_peak_rss_mib"] as? NSNumber)?.doubleValue ?? 0) > 1, "\(run)")
        }

        #expect(report.number("agent_cost", "lines") == backlog, "the agent cost is measured on the catch-up's CEF output")
        #expect(report.number("agent_cost", "unmatched_lines") == 0, "the plugin parses every line the connector writes")
        #expect(report.number("agent_cost", "us_per_line") ?? 0 > 0)
        #expect(report.number("agent_cost", "fields_per_line") ?? 0 >= 10)

        for key in ["sync_seconds", "sql_seconds", "plugin_seconds", "total_seconds"] {
            #expect(report.number("sid_builder", key) ?? 0 > 0, "\(key)")
        }
        #expect(report.number("sid_builder", "types") ?? 0 > 0)

        let targets = report.array("targets")
        #expect(targets.count == 7, "\(targets)")
        #expect(targets.allSatisfy { $0["met"] is Bool && !($0["measured"] as? String ?? "").isEmpty })
        #expect(result.stdout.contains("Targets"), "the tables are printed")
    }
}

/// The JSON `halo-bench --json` wrote, read by key path.
private struct BenchJSON {
    let root: [String: Any]

    init(path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    private func value(_ path: [String]) -> Any? {
        var current: Any? = root
        for key in path { current = (current as? [String: Any])?[key] }
        return current
    }

    func number(_ path: String...) -> Double? { (value(path) as? NSNumber)?.doubleValue }

    func text(_ path: String...) -> String? { value(path) as? String }

    func array(_ path: String...) -> [[String: Any]] { value(path) as? [[String: Any]] ?? [] }

    func object(_ path: String...) -> [String: Any]? { value(path) as? [String: Any] }
}
