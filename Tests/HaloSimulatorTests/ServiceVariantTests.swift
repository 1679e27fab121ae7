import AsyncHTTPClient
import Foundation
import HaloModel
import HaloSimulator
import HaloTesting
import NIOCore
import Testing

@Suite("Service variants: page depth and size, last-page forms, past the end, retention, gzip, request counts")
struct ServiceVariantTests {
    static func configuration(_ change: (inout SimulatorConfiguration) -> Void = { _ in }) -> SimulatorConfiguration {
        var c = SimulatorConfiguration.testing(events: 800, accounts: 1)
        c.lateArrivals = nil
        change(&c)
        return c
    }

    @Test("maxPage: the deepest page links to the next, which answers 422 naming page")
    func pageDepth() async throws {
        try await withSimulator(Self.configuration { $0.maxPage = 50 }) { sim, client in
            let token = try await client.token(sim.accounts[0])
            let deepest = try await client.events("per_page=10&page=50", token: token).page()
            #expect(deepest.events.compactMap(\.id) == sim.truth(account: 0)[490..<500].map(\.id))
            #expect(deepest.next?.contains("page=51") == true)
            let refused = try await client.events("per_page=10&page=51", token: token)
            #expect(refused.status == 422)
            #expect(refused.text.contains("Parameter 'page'") && refused.text.contains("since"))
        }
    }

    @Test("maxPerPage: per_page up to it is served, beyond it 422 naming per_page (default 100)", arguments: [100, 500])
    func pageSize(_ maximum: Int) async throws {
        try await withSimulator(Self.configuration { $0.maxPerPage = maximum }) { sim, client in
            let token = try await client.token(sim.accounts[0])
            let full = try await client.events("per_page=\(maximum)", token: token).page()
            #expect(full.events.compactMap(\.id) == sim.truth(account: 0).prefix(maximum).map(\.id))
            for size in [maximum + 1, 500].filter({ $0 > maximum }) {
                let refused = try await client.events("per_page=\(size)", token: token)
                #expect(refused.status == 422)
                #expect(refused.text.contains("Parameter 'per_page'") && refused.text.contains("1...\(maximum)"))
            }
        }
    }

    @Test("lastPage: the last page's pagination takes the form asked; other pages link to the next", arguments: LastPageForm.allCases)
    func lastPageForm(_ form: LastPageForm) async throws {
        try await withSimulator(Self.configuration { $0.lastPage = form }) { sim, client in
            let token = try await client.token(sim.accounts[0])
            let middle = try await client.events("per_page=100&page=4", token: token).object()
            let links = try #require(middle["pagination"] as? [String: Any])
            #expect((links["next"] as? String)?.contains("page=5") == true && links["previous"] is String)
            for page in [8, 9] {
                let last = try await client.events("per_page=100&page=\(page)", token: token).object()
                let pagination = last["pagination"] as? [String: Any]
                switch form {
                case .nextAbsent: #expect(pagination?.keys.sorted() == ["previous"])
                case .emptyPagination: #expect(pagination?.isEmpty == true)
                case .nextNull: #expect(pagination?["next"] is NSNull && pagination?["previous"] is String)
                case .nextEmptyString: #expect(pagination?["next"] as? String == "" && pagination?["previous"] is String)
                case .noPagination: #expect(last["pagination"] == nil && last["count"] as? Int == 800)
                }
            }
            // A single page (page 1, nothing after it).
            let only = try await client.events("per_page=100&since=\(sim.truth(account: 0)[750].createdAt.iso8601(fractionDigits: 3))", token: token)
            let object = try only.object()
            #expect(try only.page().next.map(\.isEmpty) ?? true)
            #expect((object["pagination"] as? [String: Any])?["previous"] == nil)
        }
    }

    @Test("pastEnd: a page past the end answers 404 when asked, an empty list by default; an empty query is 200")
    func pastTheEnd() async throws {
        for answer in PastEndAnswer.allCases {
            try await withSimulator(Self.configuration { $0.pastEnd = answer }) { sim, client in
                let token = try await client.token(sim.accounts[0])
                #expect(try await client.events("per_page=100&page=8", token: token).page().events.count == 100)
                let beyond = try await client.events("per_page=100&page=9", token: token)
                if answer == .notFound {
                    #expect(beyond.status == 404)
                    #expect(try beyond.object()["error"] as? String == "not_found")
                } else {
                    #expect(beyond.status == 200)
                    #expect(try beyond.page().events.isEmpty)
                }
                let none = try await client.events("since=2030-01-01T00:00:00Z", token: token)
                #expect(none.status == 200)
                #expect(try none.page().count == 0)
            }
        }
    }

    @Test("retention: a since older than it before the service's current time answers 422 naming since")
    func retention() async throws {
        try await withSimulator(Self.configuration { $0.retention = .seconds(90 * 86_400) }) { sim, client in
            let token = try await client.token(sim.accounts[0])
            let now = sim.configuration.now
            func since(daysAgo: Double) -> String { now.adding(seconds: -daysAgo * 86_400).iso8601(fractionDigits: 3) }
            let old = try await client.events("since=\(since(daysAgo: 91))", token: token)
            #expect(old.status == 422)
            #expect(old.text.contains("Parameter 'since'") && old.text.contains("90 days"))
            #expect(try await client.events("since=\(since(daysAgo: 89))", token: token).page().count == 800)
            // The limit moves with the service's time.
            sim.configuration.clock.advance(by: .seconds(2 * 86_400))
            let later = try await client.token(sim.accounts[0])
            #expect(try await client.events("since=\(since(daysAgo: 89))", token: later).status == 422)
        }
    }

    /// `GET /v1/events?query`, with `Accept-Encoding` when given, through a client that decompresses or not.
    static func get(_ sim: HaloSimulator, _ query: String, token: String, acceptEncoding: String?,
                    decompress: Bool) async throws -> (headers: [String: String], body: Data) {
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(
            decompression: decompress ? .enabled(limit: .none) : .disabled))
        do {
            var request = HTTPClientRequest(url: "\(sim.baseURL)/v1/events?\(query)")
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            if let acceptEncoding { request.headers.add(name: "Accept-Encoding", value: acceptEncoding) }
            let response = try await client.execute(request, timeout: .seconds(60))
            let body = try await response.body.collect(upTo: 64 << 20)
            let headers = Dictionary(response.headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
            try await client.shutdown()
            return (headers, Data(buffer: body))
        } catch {
            try await client.shutdown()
            throw error
        }
    }

    @Test("gzip: answered compressed only to a request that accepts gzip; the same JSON once decompressed")
    func gzip() async throws {
        for enabled in [true, false] {
            try await withSimulator(Self.configuration { $0.gzip = enabled }) { sim, client in
                let token = try await client.token(sim.accounts[0])
                let query = "per_page=100&page=2"
                // A client that does not ask (no Accept-Encoding, no decompression) gets plain JSON.
                let plain = try await Self.get(sim, query, token: token, acceptEncoding: nil, decompress: false)
                #expect(plain.headers["content-encoding"] == nil && plain.body.first == UInt8(ascii: "{"))
                #expect(try JSONDecoder().decode(EventPage.self, from: plain.body).events.count == 100)
                let raw = try await Self.get(sim, query, token: token, acceptEncoding: "gzip, deflate", decompress: false)
                if enabled {
                    #expect(raw.headers["content-encoding"] == "gzip")
                    #expect(Array(raw.body.prefix(2)) == [0x1F, 0x8B])
                    #expect(raw.body.count < plain.body.count / 2)
                    #expect(Int(raw.headers["content-length"] ?? "") == raw.body.count)
                } else {
                    #expect(raw.headers["content-encoding"] == nil && raw.body == plain.body)
                }
                let decoded = try await Self.get(sim, query, token: token, acceptEncoding: "gzip", decompress: true)
                #expect(decoded.body == plain.body)
                let refused = try await Self.get(sim, query, token: token, acceptEncoding: "gzip;q=0, identity", decompress: false)
                #expect(refused.headers["content-encoding"] == nil && refused.body == plain.body)
            }
        }
    }

    @Test("stats count token and events requests apart, whatever the answer; reset starts them afresh")
    func requestCounts() async throws {
        try await withSimulator(Self.configuration()) { sim, client in
            let account = sim.accounts[0]
            let token = try await client.token(account)
            #expect(try await client.tokenReply(keyID: account.keyID, secret: "wrong").status == 401)
            #expect(try await client.events("per_page=10", token: token).status == 200)
            #expect(try await client.events("per_page=1000", token: token).status == 422)
            #expect(try await client.events("per_page=10", token: "unknown").status == 401)
            var stats = try await client.stats()
            #expect(stats.tokenRequests == 2 && stats.tokensIssued == 1)
            #expect(stats.eventsRequests == 3 && stats.eventsServed == 10)
            #expect(sim.stats == stats)

            let before = sim.resetStats()
            #expect(before == stats)
            #expect(sim.stats == SimulatorStats())
            _ = try await client.events("per_page=5", token: token)
            let reset = try await client.get("/_sim/stats/reset", token: nil)
            #expect(reset.status == 404 || reset.status == 405, "reset is a POST")
            var request = HTTPClientRequest(url: "\(sim.baseURL)/_sim/stats/reset")
            request.method = .POST
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
            stats = try JSONDecoder().decode(SimulatorStats.self, from: Data(buffer: try await response.body.collect(upTo: 1 << 20)))
            #expect(stats.eventsRequests == 1 && stats.eventsServed == 5 && stats.tokenRequests == 0)
            #expect(try await client.stats() == SimulatorStats())
        }
    }

    @Test("extra fields of real events in a share: ec2_*, additional_details, original_log_entry; the rest unchanged")
    func extraFields() async throws {
        let plain = Self.configuration()
        let extra = Self.configuration { $0.extraFieldsShare = 1 }
        let served = try await withSimulator(extra) { sim, client in
            let token = try await client.token(sim.accounts[0])
            return try await client.events("per_page=100", token: token).page().events
        }
        let reference = SimulatedEventLog(configuration: plain, account: 0).prefix(100).map(\.event)
        #expect(served.contains { $0.fields["ec2_instance_id"]?.stringValue?.hasPrefix("i-") == true })
        #expect(served.contains { if case .object = $0.fields["additional_details"] { return true } else { return false } })
        let lids = served.filter { $0.type == "lids_rule_failed" && $0.fields["server_id"] != nil }
        #expect(!lids.isEmpty && lids.allSatisfy { $0.fields["original_log_entry"]?.stringValue?.isEmpty == false })
        let extraNames: Set<String> = ["additional_details", "original_log_entry"]
        for (event, original) in zip(served, reference) {
            let kept = event.fields.filter { !$0.key.hasPrefix("ec2_") && !extraNames.contains($0.key) }
            #expect(HaloEvent(fields: kept) == original)
        }
        #expect(reference.allSatisfy { event in !event.fields.keys.contains { $0.hasPrefix("ec2_") || extraNames.contains($0) } })
    }
}
