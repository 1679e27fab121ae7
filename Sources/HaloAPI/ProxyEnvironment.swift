import HaloPlatform

/// How requests reach the API: directly or through a proxy, and why.
public enum ProxyRoute: Sendable, Hashable {
    /// Through `proxy`; its ``ProxySetting/origin`` says whether it was given or taken from the environment.
    case proxy(ProxySetting)
    /// Directly: no proxy was given and the environment names none.
    case direct
    /// Directly: the environment's `proxy` does not apply, since `variable` (`no_proxy`) lists the API's host as `entry`.
    case exempted(proxy: ProxySetting, variable: String, entry: String)
    /// Directly: the environment's `proxy` is not on this host, and plain http to the API may not leave it.
    case plainHTTPStaysOnHost(proxy: ProxySetting)

    /// The proxy requests go through, if any.
    public var proxy: ProxySetting? {
        if case .proxy(let proxy) = self { proxy } else { nil }
    }
}

/// The proxy of the environment, as Python's urllib (and so the original `haloEvents.py`) reads it when no
/// proxy is given: `https_proxy` for an https API (`http_proxy` for plain http), `no_proxy` for the hosts
/// reached directly; of two spellings the lower-case one wins when it is set (set but empty: no proxy).
public enum ProxyEnvironment {
    /// A proxy variable whose value is not a proxy (the value is not kept: it may hold a password).
    public struct Problem: Error, Sendable, Hashable {
        /// `https_proxy`, `HTTPS_PROXY`, …
        public var variable: String
        public var problem: ProxySetting.Problem
    }

    /// The route to `endpoint` that `environment` gives.
    public static func route(to endpoint: HaloEndpoint, in environment: [String: String]) throws(Problem) -> ProxyRoute {
        let names = ["\(endpoint.scheme)_proxy", "\(endpoint.scheme.uppercased())_PROXY"]
        guard let (variable, value) = lookUp(names, in: environment) else { return .direct }
        let proxy: ProxySetting
        do { proxy = try ProxySetting(value, origin: .environment(variable: variable)) } catch {
            throw Problem(variable: variable, problem: error)
        }
        if let (noProxy, list) = lookUp(["no_proxy", "NO_PROXY"], in: environment),
           let entry = exemption(of: endpoint, in: list) {
            return .exempted(proxy: proxy, variable: noProxy, entry: entry)
        }
        if endpoint.scheme == "http" && !HaloEndpoint.isLoopback(proxy.host) { return .plainHTTPStaysOnHost(proxy: proxy) }
        return .proxy(proxy)
    }

    /// The entry of the `no_proxy` list `list` that exempts `endpoint`: `*`, its host name, or a domain it is in
    /// (`example.com` and `.example.com` both match `api.example.com`), each optionally with `:port`.
    static func exemption(of endpoint: HaloEndpoint, in list: String) -> String? {
        let host = endpoint.host.lowercased()
        for raw in list.split(separator: ",") {
            let entry = raw.trimmingWhitespace()
            guard !entry.isEmpty else { continue }
            if entry == "*" { return entry }
            var name = Substring(entry.lowercased())
            while name.hasPrefix(".") { name = name.dropFirst() }
            if let colon = name.lastIndex(of: ":"), !name.contains("]"), name.firstIndex(of: ":") == colon {
                guard Int(name[name.index(after: colon)...]) == endpoint.port else { continue }
                name = name[..<colon]
            }
            if host == name || host.hasSuffix("." + name) { return entry }
        }
        return nil
    }

    /// The first of `names` set in `environment` with its value; `nil` when none is set, or the first one set
    /// is empty (which turns the setting off).
    private static func lookUp(_ names: [String], in environment: [String: String]) -> (String, String)? {
        guard let name = names.first(where: { environment[$0] != nil }), let value = environment[name] else { return nil }
        let trimmed = value.trimmingWhitespace()
        return trimmed.isEmpty ? nil : (name, trimmed)
    }
}
