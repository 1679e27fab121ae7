import Foundation
import HaloModel

/// Halo's API over a fixed list of events, on a ``ScriptedHTTPServer`` on 127.0.0.1: any key gets a token,
/// `GET /v1/events` answers `since <= created_at <= until`, oldest first (ties by id), `per_page`/`page`,
/// with the range's `count` and a `pagination.next` while pages are left. For events halo-sim cannot
/// generate (a test's hand-made cases) read by the real `halo-events`.
public final class ScriptedHaloAPI: Sendable {
    /// The server; its ``ScriptedHTTPServer/baseURL`` is the API's `--url`.
    public let server: ScriptedHTTPServer
    /// A `key_id|secret` line for an auth file (any key is accepted).
    public let authLine = "5c417ed0|5c417ed05c417ed05c417ed05c417ed0"

    /// Serves `events` (each with a `created_at`; those without one are never served).
    public init(events: [HaloEvent]) throws {
        let sorted = events.compactMap { event in event.createdAt.map { (at: $0, id: event.id ?? "", json: JSONValue.object(event.fields).compactJSON) } }
            .sorted { ($0.at, $0.id) < ($1.at, $1.id) }
        let token = Array(#"{"access_token":"scripted","token_type":"bearer","expires_in":900}"#.utf8)
        server = try ScriptedHTTPServer { request in
            if request.target.hasPrefix("/oauth/") { return .init(status: 200, headers: [("Content-Type", "application/json")], body: token) }
            guard request.target.hasPrefix("/v1/events") else { return .init(status: 404) }
            let since = request.query("since").flatMap { HaloTimestamp(iso8601: $0) }
            let until = request.query("until").flatMap { HaloTimestamp(iso8601: $0) }
            let perPage = max(1, Int(request.query("per_page") ?? "") ?? 100), page = max(1, Int(request.query("page") ?? "") ?? 1)
            let range = sorted.filter { event in (since.map { event.at >= $0 } ?? true) && (until.map { event.at <= $0 } ?? true) }
            let start = min(range.count, (page - 1) * perPage)
            let served = range[start..<min(range.count, start + perPage)]
            let more = start + perPage < range.count
            let next = more ? #""/v1/events?page=\#(page + 1)""# : "null"
            let body = #"{"count":\#(range.count),"pagination":{"next":\#(next)},"events":[\#(served.map(\.json).joined(separator: ","))]}"#
            return .init(status: 200, headers: [("Content-Type", "application/json")], body: Array(body.utf8))
        }
    }

    deinit { server.stop() }
}
