/// Why reading an account through the Halo API stopped: the facts, never the secret. `halo-events` turns
/// each into one sentence that says what to do.
///
/// Like AsyncHTTPClient's `HTTPClientError`, one type with a ``code`` that callers switch over.
public struct HaloAPIError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: Sendable, Hashable {
        /// The token request was refused (HTTP 400 or 401): wrong key id or secret.
        case keyRefused(status: Int)
        /// A freshly issued token was refused too (HTTP 401 twice): the key may be revoked or disabled.
        case tokenRefusedAgain
        /// HTTP 403: the key lacks permission, or this host's address is not authorized.
        case forbidden
        /// HTTP 404: nothing at that URL.
        case notFound
        /// HTTP 422: the API refused the query.
        case queryRefused
        /// Any other status that retrying cannot fix.
        case unexpectedStatus(Int)
        /// TLS failed: the server's certificate is not trusted.
        case untrustedCertificate(detail: String)
        /// The proxy wants credentials (HTTP 407).
        case proxyWantsCredentials
        /// The name of the API's host, or of the proxy's, does not exist (the resolver says so; `detail`: its
        /// words). Not retried: a misspelt name does not come to exist.
        case hostUnknown(ConnectionPeer, detail: String)
        /// Attempts ran out on a passing failure.
        case attemptsExhausted(attempts: Int, seconds: Double, last: TransientFailure)
        /// The server asked to wait longer than the retry time left.
        case waitTooLong(attempts: Int, seconds: Double, last: TransientFailure, retryAfter: Double, left: Double)
        /// The request's retry time was used up.
        case retryTimeUsedUp(attempts: Int, seconds: Double, last: TransientFailure, retryTime: Double)
    }

    public var code: Code
    /// The account.
    public var keyID: String
    /// The request, e.g. `GET /v1/events?since=…` (the query holds no secret).
    public var request: String
    /// The API.
    public var endpoint: HaloEndpoint

    public init(_ code: Code, keyID: String, request: String, endpoint: HaloEndpoint) {
        self.code = code
        self.keyID = keyID
        self.request = request
        self.endpoint = endpoint
    }

    public var description: String { "HaloAPIError(\(code), key \(keyID), \(request) at \(endpoint))" }
}

/// A failure worth retrying.
public enum TransientFailure: Sendable, Hashable {
    /// HTTP 429.
    case rateLimited
    /// HTTP 5xx.
    case serverError(status: Int)
    /// No answer in time (`detail`: the client's error).
    case noAnswerInTime(detail: String)
    /// The server closed the connection before answering.
    case closedBeforeAnswer
    /// The proxy did not open a tunnel.
    case proxyTunnelFailed(detail: String)
    /// The answer was cut short.
    case cutShort(detail: String)
    /// The answer was larger than `limit` bytes.
    case tooLarge(limit: Int)
    /// The answer was not a complete events page (truncated or invalid JSON).
    case notAnEventsPage
    /// The token answer was not the expected JSON.
    case notATokenAnswer
    /// The answer's gzip (or deflate) body could not be decompressed (`detail`: the decompressor's error).
    case badCompression(detail: String)
    /// No connection could be opened to `peer` (the API, or the proxy in front of it).
    case cannotConnect(ConnectionPeer, ConnectFailure)
    /// The HTTP client failed otherwise (`detail`: its error).
    case requestFailed(detail: String)
    /// No connection, for a reason not known more precisely (`detail`: the error).
    case unreachable(detail: String)
}
