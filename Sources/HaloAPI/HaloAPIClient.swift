import AsyncHTTPClient
import Foundation
import HaloModel
import NIOCore
import NIOSSL

/// Reads one Halo account through the events API.
///
/// Authenticates with OAuth2 client credentials, reuses the token across pages (and across parallel
/// fetches), renews it when it is due or when the API answers 401, and retries passing failures under a
/// ``RetryPolicy``. Every error names the key id and the request, never the secret.
public final class HaloAPIClient: Sendable {
    public let key: APIKey
    let http: HTTPClient
    let endpoint: HaloEndpoint
    let retry: RetryPolicy
    let requestTimeout: Double
    let tokens = TokenCache()
    let counters = RequestCounters()

    /// The largest response body accepted (a page of 100 large events is far below this).
    static let maximumBodySize = 64 << 20

    /// - Parameters:
    ///   - http: the HTTP client (shared by all accounts of a run).
    ///   - requestTimeout: seconds one attempt may take until the response head arrives.
    public init(http: HTTPClient, endpoint: HaloEndpoint, key: APIKey, retry: RetryPolicy, requestTimeout: Double) {
        self.http = http
        self.endpoint = endpoint
        self.key = key
        self.retry = retry
        self.requestTimeout = requestTimeout
    }

    /// One page of `GET /v1/events`, oldest first, with `created_at >= since` (all events when `since` is nil).
    /// `answered` is called when the API has answered with the page, before it is decoded.
    public func eventPage(
        since: HaloTimestamp?, page: Int, perPage: Int, answered: @escaping @Sendable () -> Void = {}
    ) async throws -> EventPage {
        var query = [("sort_by", "created_at.asc"), ("per_page", String(perPage)), ("page", String(page))]
        if let since { query.insert(("since", since.iso8601(fractionDigits: 6)), at: 0) }
        let path = "/v1/events?" + query.map { "\($0.0)=\(HaloAPIClient.encode($0.1))" }.joined(separator: "&")
        return try await withRetries(describing: "GET \(path)") { attempt in
            let token = try await self.tokens.current { try await self.fetchToken() }
            var request = HTTPClientRequest(url: self.endpoint.baseURL + path)
            request.headers.add(name: "Authorization", value: "Bearer \(token.value)")
            request.headers.add(name: "Accept", value: "application/json")
            let (status, retryAfter, body) = try await self.send(request, within: attempt.timeLeft)
            switch status {
            case 200:
                answered()
                do {
                    return .done(try HaloAPIClient.page(from: body))
                } catch {
                    return .retry("the answer was not a complete events page (truncated or invalid JSON)", retryAfter: nil)
                }
            case 401 where !attempt.renewedToken:
                await self.tokens.invalidate(token.value)
                return .renewTokenAndRepeat
            case 401:
                return .fail(
                    "the API refused a freshly issued token (HTTP 401 twice): the key may have been revoked or disabled; check it in the Halo portal")
            default:
                return HaloAPIClient.outcome(forStatus: status, retryAfter: retryAfter, request: "GET \(path)")
            }
        }
    }

    /// The events page in the body of a `GET /v1/events` answer (also what `halo-bench` measures).
    public static func page(from body: Data) throws -> EventPage {
        try body.withUnsafeBytes { try EventPage(json: $0) }
    }

    /// Counts of what this client did, for progress and summaries.
    public func statistics() async -> RequestStatistics {
        var s = await counters.snapshot
        s.tokensFetched = await tokens.fetched
        return s
    }

    // MARK: - Token

    private func fetchToken() async throws -> AccessToken {
        try await withRetries(describing: "POST /oauth/access_token") { attempt in
            var request = HTTPClientRequest(url: self.endpoint.baseURL + "/oauth/access_token?grant_type=client_credentials")
            request.method = .POST
            request.setBasicAuth(username: self.key.keyID, password: self.key.secret)
            request.headers.add(name: "Accept", value: "application/json")
            let issuedAt = ContinuousClock.now
            let (status, retryAfter, body) = try await self.send(request, within: attempt.timeLeft)
            switch status {
            case 200:
                guard let answer = try? JSONDecoder().decode(TokenAnswer.self, from: body), !answer.access_token.isEmpty else {
                    return .retry("the token answer was not the expected JSON", retryAfter: nil)
                }
                return .done(AccessToken(value: answer.access_token, expiresIn: answer.expires_in ?? 900, issuedAt: issuedAt))
            case 401, 400:
                return .fail(
                    "Halo refused the key (HTTP \(status) on POST /oauth/access_token): check the key id and the secret in the auth file")
            default:
                return HaloAPIClient.outcome(forStatus: status, retryAfter: retryAfter, request: "POST /oauth/access_token")
            }
        }
    }

    private struct TokenAnswer: Decodable {
        var access_token: String
        var expires_in: Double?
    }

    // MARK: - Transport and retries

    /// What one attempt of a request came to.
    enum Outcome<Value> {
        case done(Value)
        case retry(String, retryAfter: Double?)
        case renewTokenAndRepeat
        case fail(String)
    }

    struct AttemptInfo {
        var number: Int
        var renewedToken: Bool
        /// Seconds of the request's retry time left when this attempt starts.
        var timeLeft: Double
    }

    /// Runs `attempt` until it is done, retrying passing failures with backoff within the policy's bounds.
    private func withRetries<Value>(
        describing request: String,
        _ attempt: @Sendable (AttemptInfo) async throws -> Outcome<Value>
    ) async throws -> Value {
        let started = ContinuousClock.now
        var generator = SystemRandomNumberGenerator()
        var info = AttemptInfo(number: 1, renewedToken: false, timeLeft: retry.maxTotalTime)
        while true {
            try Task.checkCancellation()
            info.timeLeft = max(0, retry.maxTotalTime - (ContinuousClock.now - started).seconds)
            await counters.countRequest()
            let outcome: Outcome<Value>
            do {
                outcome = try await attempt(info)
            } catch let error as AccountError {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                outcome = HaloAPIClient.outcome(forTransportError: error, endpoint: endpoint)
            }
            switch outcome {
            case .done(let value):
                return value
            case .fail(let message):
                throw AccountError(message)
            case .renewTokenAndRepeat:
                info.renewedToken = true
                continue
            case .retry(let reason, let retryAfter):
                let elapsed = (ContinuousClock.now - started).seconds
                let left = retry.maxTotalTime - elapsed
                let gaveUp = "gave up on \(request) after \(info.number) attempt\(info.number == 1 ? "" : "s") in \(Self.format(elapsed)) s"
                guard info.number < retry.maxAttempts else {
                    throw AccountError("\(gaveUp): \(reason). The API or the network is failing; the next run retries from the checkpoint")
                }
                var wait = retry.backoff(afterAttempt: info.number, using: &generator)
                if let retryAfter {
                    guard retryAfter <= left else {
                        throw AccountError(
                            "\(gaveUp): \(reason), and the server asks to wait \(Self.format(retryAfter)) s, more than the \(Self.format(max(0, left))) s of retry time left; the next run retries from the checkpoint")
                    }
                    wait = retryAfter
                }
                guard wait <= left else {
                    throw AccountError("\(gaveUp) (retry time of \(Self.format(retry.maxTotalTime)) s used up): \(reason); the next run retries from the checkpoint")
                }
                await counters.countRetry()
                try await Task.sleep(for: .milliseconds(Int64(wait * 1000)))
                info.number += 1
            }
        }
    }

    /// Sends `request`, returning status, `Retry-After` (seconds) and the whole body. The answer must start
    /// within the request timeout and within `timeLeft` seconds (what is left of the request's retry time);
    /// a body still arriving when `timeLeft` is up is cut off at its next chunk (a silent one sooner, by the
    /// client's read timeout). Either fails with `HTTPClientError.deadlineExceeded`.
    private func send(_ request: HTTPClientRequest, within timeLeft: Double) async throws -> (Int, Double?, Data) {
        let deadline = NIODeadline.now() + .milliseconds(Int64(timeLeft * 1000))
        let headDeadline = min(deadline, NIODeadline.now() + .milliseconds(Int64(requestTimeout * 1000)))
        let response = try await http.execute(request, deadline: headDeadline)
        var body: ByteBuffer?
        for try await var chunk in response.body {
            guard NIODeadline.now() < deadline else { throw HTTPClientError.deadlineExceeded }
            guard (body?.readableBytes ?? 0) + chunk.readableBytes <= HaloAPIClient.maximumBodySize else {
                throw NIOTooManyBytesError(maxBytes: HaloAPIClient.maximumBodySize)
            }
            if body == nil { body = chunk } else { body!.writeBuffer(&chunk) }
        }
        let retryAfter = response.headers.first(name: "Retry-After").flatMap(HaloAPIClient.parseRetryAfter)
        return (Int(response.status.code), retryAfter, body.map { Data($0.readableBytesView) } ?? Data())
    }

    /// The outcome of an HTTP status other than 200 and 401.
    static func outcome<Value>(forStatus status: Int, retryAfter: Double?, request: String) -> Outcome<Value> {
        switch status {
        case 429:
            return .retry("rate limited (HTTP 429) on \(request)", retryAfter: retryAfter)
        case 500...599:
            return .retry("HTTP \(status) on \(request)", retryAfter: retryAfter)
        case 403:
            return .fail(
                "HTTP 403 on \(request): the key lacks permission (an auditor key is enough) or this host's IP address is not authorized for the account; check the key in the Halo portal")
        case 404:
            return .fail("HTTP 404 on \(request): nothing there; check --url (the base URL of the Halo API)")
        case 422:
            return .fail("HTTP 422 on \(request): the API refused the query; check --starting and the checkpoint file")
        default:
            return .fail("unexpected HTTP \(status) on \(request); check --url and --proxy")
        }
    }

    /// The outcome of a request that got no HTTP answer: certificate problems are final, everything else
    /// (refused, reset, timed out, cut short) is worth retrying.
    static func outcome<Value>(forTransportError error: any Error, endpoint: HaloEndpoint) -> Outcome<Value> {
        if error is NIOSSLError || error is NIOSSLExtraError {
            return .fail(
                "TLS with \(endpoint.host):\(endpoint.port) failed (\(error)): the server's certificate is not trusted; if it is signed by a private CA, give that CA with --cacert=FILE")
        }
        if let client = error as? HTTPClientError {
            switch client {
            case .deadlineExceeded, .readTimeout, .connectTimeout:
                return .retry("no answer from \(endpoint) in time (\(client))", retryAfter: nil)
            case .remoteConnectionClosed:
                return .retry("\(endpoint) closed the connection before answering", retryAfter: nil)
            case .proxyAuthenticationRequired:
                return .fail("the proxy wants credentials (HTTP 407): give them in --proxy=http://user:password@host:port")
            case .invalidProxyResponse, .httpProxyHandshakeTimeout:
                return .retry("the proxy did not open a tunnel to \(endpoint) (\(client)); check --proxy", retryAfter: nil)
            case .bodyLengthMismatch:
                return .retry("the answer from \(endpoint) was cut short (\(client))", retryAfter: nil)
            default:
                return .retry("request to \(endpoint) failed: \(client)", retryAfter: nil)
            }
        }
        if error is NIOTooManyBytesError {
            return .retry("the answer from \(endpoint) was larger than \(maximumBodySize >> 20) MiB", retryAfter: nil)
        }
        return .retry("cannot reach \(endpoint): \(error)", retryAfter: nil)
    }

    /// `Retry-After` as seconds: a number of seconds, or an HTTP date.
    static func parseRetryAfter(_ value: String) -> Double? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed), seconds.isFinite, seconds >= 0 { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return max(0, date.timeIntervalSinceNow)
    }

    static func encode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~:")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    static func format(_ seconds: Double) -> String { String(format: "%.1f", seconds) }
}

/// What an API client did: requests sent (retries included), retries, tokens fetched.
public struct RequestStatistics: Sendable, Hashable {
    public var requests = 0
    public var retries = 0
    public var tokensFetched = 0
}

actor RequestCounters {
    private(set) var snapshot = RequestStatistics()
    func countRequest() { snapshot.requests += 1 }
    func countRetry() { snapshot.retries += 1 }
}

extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
