import Foundation
import HaloTesting
import Testing

/// The short form of the fuzzing campaign: `scripts/fuzz` builds every libFuzzer target of fuzz/ with the
/// address sanitizer (into .build-fuzz, kept between runs) and runs each over its committed corpus and a
/// fixed number of new inputs. The long form is `scripts/fuzz --time S` (what `scripts/reliability --full`
/// runs).
@Suite("Fuzzing (short form)") struct FuzzSmokeTests {
    @Test("every fuzz target builds with -sanitize=fuzzer,address and runs its corpus plus 2 000 inputs without a crash")
    func fuzzTargets() async throws {
        let runs = 2_000
        let result = try await offPool {
            try runProcess(TestPaths.repoRoot.appendingPathComponent("scripts/fuzz").path, ["--runs", "\(runs)"],
                           currentDirectory: TestPaths.repoRoot.path, timeout: 1_500)
        }
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        // target  executions  crashes  seconds
        let rows = result.stdout.split(separator: "\n").map { $0.split(separator: " ") }.filter { $0.count == 4 && Int($0[1]) != nil }
        #expect(rows.map { String($0[0]) } == ["page-decoder", "formatters", "auth-file", "checkpoint", "sid-seed"], "\(result.stdout)")
        for row in rows {
            #expect(Int(row[1])! >= runs, "\(row[0]) ran its inputs")
            #expect(row[2] == "0", "\(row[0]) crashed: \(result.stderr)")
        }
        Campaign.report("fuzz-short", rows.map { (String($0[0]), "\($0[1]) executions, \($0[2]) crashes") })
    }
}
