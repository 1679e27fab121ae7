import HaloAPI

/// The API client's words: connections that fail, the route taken, each retry.
extension Sentences {
    // MARK: - Connections

    /// `host:port` of the API, or `the proxy host:port (from VARIABLE)`.
    static func name(of peer: ConnectionPeer, _ endpoint: HaloEndpoint) -> String {
        switch peer {
        case .api: address(endpoint)
        case .proxy(let proxy): "the proxy \(proxy.address)\(origin(of: proxy))"
        }
    }

    /// What to check when connecting to `peer` fails.
    static func check(_ peer: ConnectionPeer) -> String {
        switch peer {
        case .api: return "check --url and --port"
        case .proxy(let proxy):
            guard case .environment(let variable) = proxy.origin else { return "check --proxy" }
            return "check \(variable) in the environment (or give --proxy, or list the API's host in no_proxy)"
        }
    }

    /// Why a connection could not be opened.
    static func of(_ failure: ConnectFailure) -> String {
        switch failure {
        case .refused: "connection refused (nothing listens there)"
        case .timedOut(let seconds): "no answer to the connection within \(format(seconds)) s"
        case .nameLookupFailed(let detail): "the host name could not be looked up (\(detail))"
        case .system(_, let detail): detail.prefix(1).lowercased() + detail.dropFirst()
        }
    }

    /// A connection that failed on each attempt: the failure and what to check.
    static func cannotConnect(_ peer: ConnectionPeer, _ failure: ConnectFailure, _ endpoint: HaloEndpoint) -> String {
        "cannot connect to \(name(of: peer, endpoint)): \(of(failure))"
    }

    /// A host name that does not exist (not retried).
    static func hostUnknown(_ peer: ConnectionPeer, detail: String, _ error: HaloAPIError) -> String {
        "cannot connect to \(name(of: peer, error.endpoint)) for \(error.request): no such host name (\(detail)); "
            + (peer == .api ? "check the host name in --url" : check(peer))
    }

    /// What to do once a request gave up after `last`.
    static func advice(after last: TransientFailure) -> String {
        guard case .cannotConnect(let peer, _) = last else {
            return "The API or the network is failing; the next run retries from the checkpoint"
        }
        let up = peer == .api ? "that the API is up" : "that the proxy is up"
        return "\(check(peer).prefix(1).uppercased() + check(peer).dropFirst()), and \(up); the next run retries from the checkpoint"
    }

    /// An environment proxy variable that is not a proxy (its value is not repeated: it may hold a password).
    public static func of(_ problem: ProxyEnvironment.Problem) -> String {
        let variable = problem.variable
        return switch problem.problem {
        case .notHostAndPort: "\(variable) in the environment is not a proxy: expected host:port or http://[user:password@]host:port; fix it, unset it, or give --proxy"
        case .unsupportedScheme: "\(variable) in the environment: only http:// proxies are supported; fix it, unset it, or give --proxy"
        case .portOutOfRange(let port): "\(variable) in the environment: port \(port) is out of range; fix it, unset it, or give --proxy"
        case .extraParts: "\(variable) in the environment: give only [user:password@]host:port; fix it, unset it, or give --proxy"
        }
    }

    // MARK: - Notices

    /// What `halo-events` writes on stderr for `notice` (only with `-v`; nothing for a route without any proxy).
    public static func line(for notice: HaloAPINotice, verbose: Bool) -> Diagnostics.Line? {
        guard verbose else { return nil }
        switch notice {
        case .route(let route): return line(for: route).map { .info($0) }
        case .retrying(let retry): return .info(line(for: retry))
        }
    }

    /// The proxy used, or the one not used, and where it came from; `nil` when there is none.
    static func line(for route: ProxyRoute) -> String? {
        switch route {
        case .direct:
            return nil
        case .proxy(let proxy):
            return "requests go through the proxy \(proxy)\(origin(of: proxy))"
        case .exempted(let proxy, let variable, let entry):
            return "requests go directly to the API: \(variable) lists \(entry), so the proxy \(proxy)\(origin(of: proxy)) is not used"
        case .plainHTTPStaysOnHost(let proxy):
            return "requests go directly to the API: the proxy \(proxy)\(origin(of: proxy)) is not on this host, and plain http:// to the API may not leave it"
        }
    }

    /// One retry: what failed, which attempt, and when the next one goes.
    static func line(for retry: RetryNotice) -> String {
        let wait = "trying again in \(format(retry.wait)) s" + (retry.serverAskedWait ? ", as the server asks (Retry-After)" : "")
        return "key \(retry.keyID): \(retry.request): attempt \(retry.attempt) of \(retry.maxAttempts) failed (\(of(retry.failure, request: retry.request, endpoint: retry.endpoint))); \(wait)"
    }

    // MARK: - Parts

    private static func origin(of proxy: ProxySetting) -> String {
        switch proxy.origin {
        case .given: " (--proxy)"
        case .environment(let variable): " (from \(variable))"
        }
    }

    private static func address(_ endpoint: HaloEndpoint) -> String {
        endpoint.host.contains(":") ? "[\(endpoint.host)]:\(endpoint.port)" : "\(endpoint.host):\(endpoint.port)"
    }
}
