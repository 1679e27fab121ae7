/// What a connection was being opened to: the API itself, or the proxy in front of it (with a proxy, every
/// connection goes to the proxy, which then opens the tunnel to the API).
public enum ConnectionPeer: Sendable, Hashable {
    /// The API's host and port (``HaloAPIError/endpoint``).
    case api
    /// The proxy.
    case proxy(ProxySetting)
}

/// Why a connection could not be opened (no HTTP was spoken).
public enum ConnectFailure: Sendable, Hashable {
    /// Nothing listens there (`ECONNREFUSED`).
    case refused
    /// No answer to the connection attempt within `seconds` (the connect timeout).
    case timedOut(seconds: Double)
    /// The name could not be looked up now (`detail`: the resolver's words, e.g. "Temporary failure in name
    /// resolution"); a name that does not exist is ``HaloAPIError/Code/hostUnknown(_:detail:)`` instead.
    case nameLookupFailed(detail: String)
    /// Another error of the system (`errno`; `detail`: its text), e.g. `ENETUNREACH`.
    case system(errno: Int32, detail: String)
}
