import AsyncHTTPClient
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
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
    /// The proxy the HTTP client goes through (its connections are to it, not to the API).
    let proxy: ProxySetting?
    let connectTimeout: Duration
    let userAgent: String
    let observer: HaloAPIObserver
    let tokens = TokenCache()
    let counters = RequestCounters()

    /// The largest response body accepted, decompressed (a page of 100 large events is far below this).
    static let maximumBodySize = 64 << 20

    /// - Parameters:
    ///   - http: the HTTP client (shared by all accounts of a run), configured with `proxy` and `connectTimeout`.
    ///   - retry: its attempt timeout is how long one attempt may wait for the response head.
    ///   - observer: told each retry.
    public init(
        http: HTTPClient, endpoint: HaloEndpoint, key: APIKey, retry: RetryPolicy, proxy: ProxySetting? = nil,
        connectTimeout: Duration = .seconds(10), userAgent: String, observer: HaloAPIObserver = .ignoring
    ) {
        self.http = http
        self.endpoint = endpoint
        self.key = key
        self.retry = retry
        self.proxy = proxy
        self.connectTimeout = connectTimeout
        self.userAgent = userAgent
        self.observer = observer
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
            var call = self.request(path)
            call.headers.add(name: "Authorization", value: "Bearer \(token.value)")
            let (status, retryAfter, body) = try await self.send(call, within: attempt.timeLeft)
            switch status {
            case 200:
                answered()
                do {
                    return .done(try HaloAPIClient.page(from: body))
                } catch {
                    return .retry(.notAnEventsPage, retryAfter: nil)
                }
            case 404 where request.page > 1:
                // A page past the end: the end (page 1 of a query always exists, so a 404 there is the URL's fault).
                answered()
                return .done(EventPage(count: nil, next: nil, events: []))
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
            var call = self.request("/oauth/access_token?grant_type=client_credentials")
            call.method = .POST
            call.setBasicAuth(username: self.key.keyID, password: self.key.secret)
            let issuedAt = ContinuousClock.now
            let (status, retryAfter, body) = try await self.send(call, within: attempt.timeLeft)
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

    /// A request for `path` (under the endpoint) with the headers every request carries.
    private func request(_ path: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: endpoint.baseURL + path)
        request.headers.add(name: "User-Agent", value: userAgent)
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "Accept-Encoding", value: "gzip")
        return request
    }

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
            let outcome: Outcome<Value>
            do {
                outcome = try await attempt(info)
            } catch let error as HaloAPIError {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                outcome = self.outcome(forTransportError: error)
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
                observer(.retrying(RetryNotice(
                    keyID: key.keyID, request: request, endpoint: endpoint, attempt: info.number, maxAttempts: retry.maxAttempts,
                    failure: reason, wait: wait, serverAskedWait: retryAfter != nil)))
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
        // Counted here, where a request leaves (an attempt of a page that fails to get its token sends none).
        await counters.countRequest()
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

    /// `Retry-After` as seconds: a number of seconds, or an HTTP date.
    static func parseRetryAfter(_ value: String) -> Double? {
        let trimmed = value.trimmingWhitespace()
        if let seconds = Double(trimmed), seconds.isFinite, seconds >= 0 { return seconds }
        guard let date = httpDate(trimmed) else { return nil }
        return max(0, date.timeIntervalSinceNow)
    }

    /// An HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`: English names, the zone GMT or UTC), or `nil`.
    static func httpDate(_ text: String) -> Date? {
        let days = ["sun,", "mon,", "tue,", "wed,", "thu,", "fri,", "sat,"]
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        let words = text.lowercased().split(separator: " ")
        guard words.count == 6, days.contains(String(words[0])), let month = months.firstIndex(of: String(words[2])),
              let day = Int(words[1]), (1...31).contains(day), let year = Int(words[3]), words[5] == "gmt" || words[5] == "utc"
        else { return nil }
        let time = words[4].split(separator: ":").compactMap { Int($0) }
        guard time.count == 3, (0..<24).contains(time[0]), (0..<60).contains(time[1]), (0..<61).contains(time[2]) else { return nil }
        var fields = tm()
        fields.tm_year = Int32(clamping: year - 1900)
        fields.tm_mon = Int32(month)
        fields.tm_mday = Int32(day)
        fields.tm_hour = Int32(time[0])
        fields.tm_min = Int32(time[1])
        fields.tm_sec = Int32(time[2])
        return Date(timeIntervalSince1970: Double(timegm(&fields)))
    }

    /// `value` percent-encoded for a query: every byte but ASCII letters, digits and `-._~:` as `%XX`.
    static func encode(_ value: String) -> String {
        var encoded = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: ":"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                encoded += byte < 16 ? "%0" + hex : "%" + hex
            }
        }
        return encoded
    }

}

actor RequestCounters {
    private(set) var snapshot = RequestStatistics()
    func countRequest() { snapshot.requests += 1 }
    func countRetry() { snapshot.retries += 1 }
}
