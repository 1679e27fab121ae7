import AsyncHTTPClient
import Foundation
import HaloConnector
import HaloModel
import HaloPlatform
import NIOCore
import NIOSSL

/// Reads one Halo account through the events API.
///
/// Authenticates with OAuth2 client credentials, reuses the token across pages (and across parallel
/// fetches), renews it when it is due or when the API answers 401, and retries passing failures under a
/// ``RetryPolicy``. Every error (``HaloAPIError``) names the key id and the request, never the secret.
public final class HaloAPIClient: EventSource {
    public let key: APIKey
    let http: HTTPClient
    let endpoint: HaloEndpoint
    let retry: RetryPolicy
    let tokens = TokenCache()
    let counters = RequestCounters()

    /// The largest response body accepted (a page of 100 large events is far below this).
    static let maximumBodySize = 64 << 20

    /// - Parameters:
    ///   - http: the HTTP client (shared by all accounts of a run).
    ///   - retry: its attempt timeout is how long one attempt may wait for the response head.
    public init(http: HTTPClient, endpoint: HaloEndpoint, key: APIKey, retry: RetryPolicy) {
        self.http = http
        self.endpoint = endpoint
        self.key = key
        self.retry = retry
    }

    /// One page of `GET /v1/events`, oldest first, with `since <= created_at <= until` (either bound may be nil).
    /// `answered` is called when the API has answered with the page, before it is decoded.
    public func page(_ request: PageRequest, answered: @escaping @Sendable () -> Void) async throws -> EventPage {
        var query = [("sort_by", "created_at.asc"), ("per_page", String(request.perPage)), ("page", String(request.page))]
        if let until = request.until { query.insert(("until", until.iso8601(fractionDigits: 6)), at: 0) }
        if let since = request.since { query.insert(("since", since.iso8601(fractionDigits: 6)), at: 0) }
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
                    return .retry(.notAnEventsPage, retryAfter: nil)
                }
            case 401 where !attempt.renewedToken:
                await self.tokens.invalidate(token.value)
                return .renewTokenAndRepeat
            case 401:
                return .fail(.tokenRefusedAgain)
            default:
                return HaloAPIClient.outcome(forStatus: status, retryAfter: retryAfter)
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
                    return .retry(.notATokenAnswer, retryAfter: nil)
                }
                return .done(AccessToken(value: answer.access_token, expiresIn: answer.expires_in ?? 900, issuedAt: issuedAt))
            case 401, 400:
                return .fail(.keyRefused(status: status))
            default:
                return HaloAPIClient.outcome(forStatus: status, retryAfter: retryAfter)
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
        case retry(TransientFailure, retryAfter: Double?)
        case renewTokenAndRepeat
        case fail(HaloAPIError.Code)
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
        let totalTime = retry.maxTotalTime?.seconds ?? .infinity
        var generator = SystemRandomNumberGenerator()
        var info = AttemptInfo(number: 1, renewedToken: false, timeLeft: totalTime)
        func failure(_ code: HaloAPIError.Code) -> HaloAPIError {
            HaloAPIError(code, keyID: key.keyID, request: request, endpoint: endpoint)
        }
        while true {
            try Task.checkCancellation()
            info.timeLeft = max(0, totalTime - (ContinuousClock.now - started).seconds)
            await counters.countRequest()
            let outcome: Outcome<Value>
            do {
                outcome = try await attempt(info)
            } catch let error as HaloAPIError {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                outcome = HaloAPIClient.outcome(forTransportError: error)
            }
            switch outcome {
            case .done(let value):
                return value
            case .fail(let code):
                throw failure(code)
            case .renewTokenAndRepeat:
                info.renewedToken = true
                continue
            case .retry(let reason, let retryAfter):
                let elapsed = (ContinuousClock.now - started).seconds
                let left = totalTime - elapsed
                guard info.number < retry.maxAttempts else {
                    throw failure(.attemptsExhausted(attempts: info.number, seconds: elapsed, last: reason))
                }
                var wait = retry.delay(afterAttempt: info.number, using: &generator).seconds
                if let retryAfter {
                    guard retryAfter <= left else {
                        throw failure(.waitTooLong(attempts: info.number, seconds: elapsed, last: reason, retryAfter: retryAfter, left: max(0, left)))
                    }
                    wait = retryAfter
                }
                guard wait <= left else {
                    throw failure(.retryTimeUsedUp(attempts: info.number, seconds: elapsed, last: reason, retryTime: totalTime))
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
        let headDeadline = min(deadline, NIODeadline.now() + .milliseconds(Int64(retry.attemptTimeout.seconds * 1000)))
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
    static func outcome<Value>(forStatus status: Int, retryAfter: Double?) -> Outcome<Value> {
        switch status {
        case 429: .retry(.rateLimited, retryAfter: retryAfter)
        case 500...599: .retry(.serverError(status: status), retryAfter: retryAfter)
        case 403: .fail(.forbidden)
        case 404: .fail(.notFound)
        case 422: .fail(.queryRefused)
        default: .fail(.unexpectedStatus(status))
        }
    }

    /// The outcome of a request that got no HTTP answer: certificate problems are final, everything else
    /// (refused, reset, timed out, cut short) is worth retrying.
    static func outcome<Value>(forTransportError error: any Error) -> Outcome<Value> {
        if error is NIOSSLError || error is NIOSSLExtraError { return .fail(.untrustedCertificate(detail: "\(error)")) }
        if let client = error as? HTTPClientError {
            switch client {
            case .deadlineExceeded, .readTimeout, .connectTimeout:
                return .retry(.noAnswerInTime(detail: "\(client)"), retryAfter: nil)
            case .remoteConnectionClosed:
                return .retry(.closedBeforeAnswer, retryAfter: nil)
            case .proxyAuthenticationRequired:
                return .fail(.proxyWantsCredentials)
            case .invalidProxyResponse, .httpProxyHandshakeTimeout:
                return .retry(.proxyTunnelFailed(detail: "\(client)"), retryAfter: nil)
            case .bodyLengthMismatch:
                return .retry(.cutShort(detail: "\(client)"), retryAfter: nil)
            default:
                return .retry(.requestFailed(detail: "\(client)"), retryAfter: nil)
            }
        }
        if error is NIOTooManyBytesError { return .retry(.tooLarge(limit: maximumBodySize), retryAfter: nil) }
        return .retry(.unreachable(detail: "\(error)"), retryAfter: nil)
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

}

actor RequestCounters {
    private(set) var snapshot = RequestStatistics()
    func countRequest() { snapshot.requests += 1 }
    func countRetry() { snapshot.retries += 1 }
}
