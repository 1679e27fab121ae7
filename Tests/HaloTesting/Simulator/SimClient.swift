import AsyncHTTPClient
import Foundation
import HaloModel
import HaloSimulator
import NIOCore
import NIOHTTP1

/// One HTTP answer, whole.
public struct Reply {
    /// The HTTP status code.
    public var status: Int
    /// The answer's headers.
    public var headers: HTTPHeaders
    /// The whole body.
    public var body: Data

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body decoded as an events page (throws for anything else).
    public func page() throws -> EventPage { try JSONDecoder().decode(EventPage.self, from: body) }

    /// The body as a JSON object.
    public func object() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw SimClientError(description: "not a JSON object: \(text.prefix(200))")
        }
        return object
    }
}

/// A small client for the emulator over real HTTP (AsyncHTTPClient on 127.0.0.1).
public struct SimClient {
    /// `http://127.0.0.1:PORT`.
    public let baseURL: String

    /// A client of the emulator at `baseURL`.
    public init(_ baseURL: String) { self.baseURL = baseURL }
    /// A client of the in-process emulator `sim`.
    public init(_ sim: HaloSimulator) { baseURL = sim.baseURL }

    /// `POST /oauth/access_token` with Basic auth (`nil`: no Authorization header).
    public func tokenReply(keyID: String?, secret: String?, grantType: String = "client_credentials") async throws -> Reply {
        var request = HTTPClientRequest(url: "\(baseURL)/oauth/access_token?grant_type=\(grantType)")
        request.method = .POST
        if let keyID, let secret {
            request.headers.add(name: "Authorization", value: "Basic " + Data("\(keyID):\(secret)".utf8).base64EncodedString())
        }
        return try await send(request)
    }

    /// A valid access token for `account`.
    public func token(_ account: SimulatedAccount) async throws -> String {
        try await token(keyID: account.keyID, secret: account.secret)
    }

    /// A valid access token for the key `keyID`.
    public func token(keyID: String, secret: String) async throws -> String {
        let reply = try await tokenReply(keyID: keyID, secret: secret)
        guard reply.status == 200, let token = try reply.object()["access_token"] as? String else {
            throw SimClientError(description: "token request answered \(reply.status): \(reply.text)")
        }
        return token
    }

    /// `GET path?query` with an optional bearer token.
    public func get(_ pathAndQuery: String, token: String?) async throws -> Reply {
        try await get(pathAndQuery, authorization: token.map { "Bearer \($0)" })
    }

    /// `GET path?query` with an optional raw `Authorization` header.
    public func get(_ pathAndQuery: String, authorization: String?) async throws -> Reply {
        try await send(Self.request(baseURL + pathAndQuery, authorization: authorization))
    }

    /// `GET /v1/events?query`.
    public func events(_ query: String, token: String) async throws -> Reply {
        try await get("/v1/events?" + query, token: token)
    }

    /// `GET /v1/events?query` up to the answer's head: throws when no answer comes; the body is left to
    /// read (or to fail) through `response.body`.
    public func eventsResponse(_ query: String, token: String) async throws -> HTTPClientResponse {
        try await HTTPClient.shared.execute(Self.request(baseURL + "/v1/events?" + query, authorization: "Bearer \(token)"), timeout: Self.timeout)
    }

    /// `GET /_sim/stats`, decoded.
    public func stats() async throws -> SimulatorStats {
        try JSONDecoder().decode(SimulatorStats.self, from: try await get("/_sim/stats", token: nil).body)
    }

    /// How long a request may take, answer included.
    public static let timeout: TimeAmount = .seconds(60)

    private static func request(_ url: String, authorization: String?) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        return request
    }

    private func send(_ request: HTTPClientRequest) async throws -> Reply {
        let response = try await HTTPClient.shared.execute(request, timeout: Self.timeout)
        let body = try await response.body.collect(upTo: 64 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: Data(buffer: body))
    }
}

/// What went wrong talking to the emulator.
public struct SimClientError: Error, CustomStringConvertible {
    public var description: String

    /// An error saying `description`.
    public init(description: String) { self.description = description }
}
