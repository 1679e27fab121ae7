import Foundation
import HaloSimulator
import HaloTesting
import Testing

@Suite("halo-sim memory")
struct HaloSimMemoryTests {
    /// Peak resident set (VmHWM) of process `pid`, in KiB.
    static func peakResidentKiB(_ pid: Int32) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") })
        return try #require(Int(line.split(separator: " ").dropFirst().first ?? ""))
    }

    @Test("serving all 1 000 000 events of an account keeps halo-sim's peak RSS under 64 MiB")
    func millionEvents() async throws {
        let directory = try TemporaryDirectory("halo-sim-memory")
        let auth = directory.file("auth")
        // The default hard cases stay on (bursts, 5 % hostile values with the odd 64 KiB message); late
        // arrivals are off so that the total is fixed while the reader runs.
        let (process, baseURL) = try SimulatorProcess.launch(["--events", "1000000", "--no-late", "--auth-file", auth])
        defer { process.stop() }
        let startKiB = try Self.peakResidentKiB(process.pid)
        let key = try String(contentsOfFile: auth, encoding: .utf8).split(separator: "\n")[0].split(separator: "|")
        let client = SimClient(baseURL)
        let token = try await client.token(keyID: String(key[0]), secret: String(key[1]))

        // 100 pages of 100 per `since` anchor, then re-anchor at the newest created_at read and skip the
        // events already read at that instant: 10 000+ requests reading every event once.
        var total = 0
        var since: String?
        var seenAtAnchor: Set<String> = []
        var lastCreatedAt = ""
        var expected = -1
        anchors: for _ in 0..<200 {
            var newest: [(id: String, createdAt: String)] = []
            for page in 1...100 {
                let query = "per_page=100&page=\(page)" + (since.map { "&since=\($0)" } ?? "")
                let reply = try await client.events(query, token: token)
                #expect(reply.status == 200)
                let object = try reply.object()
                if since == nil && page == 1 { expected = object["count"] as? Int ?? -1 }
                let events = try #require(object["events"] as? [[String: Any]])
                for event in events {
                    let id = try #require(event["id"] as? String), createdAt = try #require(event["created_at"] as? String)
                    #expect(createdAt >= lastCreatedAt)
                    lastCreatedAt = createdAt
                    if seenAtAnchor.contains(id) { continue }
                    total += 1
                    if newest.last?.createdAt != createdAt { newest.removeAll(keepingCapacity: true) }
                    newest.append((id, createdAt))
                }
                let pagination = object["pagination"] as? [String: Any]
                if pagination?["next"] == nil { break anchors }
            }
            let anchor = try #require(newest.last?.createdAt)
            if anchor != since { seenAtAnchor = [] }
            seenAtAnchor.formUnion(newest.map(\.id))
            since = anchor
        }
        let peakKiB = try Self.peakResidentKiB(process.pid)
        let stats = try await client.stats()
        print("halo-sim memory: VmHWM \(startKiB) KiB after start, \(peakKiB) KiB after serving \(stats.eventsServed) events in \(stats.totalRequests) requests")
        #expect(expected == 1_000_000)
        #expect(total == 1_000_000)
        #expect(stats.eventsServed >= 1_000_000)
        #expect(peakKiB < 64 * 1024)
    }
}
