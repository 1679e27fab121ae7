import AsyncHTTPClient
import HaloConnector
import HaloOutput
import HaloPlatform
import NIOCore
import NIOPosix
import NIOSSL

/// How the Halo API is reached and asked.
public struct HaloAPISettings: Sendable {
    public var endpoint: HaloEndpoint = .halo
    /// Its attempt timeout is how long one HTTP attempt may wait for the answer to start, and the longest
    /// silence while it streams.
    public var retry = RetryPolicy()
    /// How long opening one connection (to the API, or to the proxy) may take: short, since a host that does
    /// not answer a connection in seconds will not answer the request.
    public var connectTimeout: Duration = .seconds(10)
    /// The proxy to use; `nil`: the one ``proxyEnvironment`` names, if any (see ``ProxyEnvironment``).
    public var proxy: ProxySetting?
    /// The environment whose `https_proxy`, `no_proxy`, … apply when ``proxy`` is `nil` (empty: none apply).
    public var proxyEnvironment: [String: String] = [:]
    /// The `User-Agent` of every request.
    public var userAgent = "halo-events/\(HaloToolkit.version)"
    /// Told the route and each retry.
    public var observer = HaloAPIObserver.ignoring
    /// A PEM file of CA certificates to trust instead of the system's (for a TLS-inspecting proxy or gateway).
    public var caCertificateFile: String?
    /// Connections kept per host: enough for every parallel page of every account read at once.
    public var connections = 16

    public init() {}
}

/// The Halo API as the run's ``EventService``: one HTTP client shared by the accounts, one ``HaloAPIClient`` each.
public final class HaloAPIService: EventService {
    /// Why the service cannot be made.
    public enum Problem: Error, Sendable, Hashable {
        /// The CA file cannot be read as PEM (`detail`: why).
        case caCertificatesUnreadable(path: String, detail: String)
        /// The CA file holds no certificate.
        case caCertificatesMissing(path: String)
        /// A proxy variable of the environment is not a proxy.
        case proxyVariableInvalid(ProxyEnvironment.Problem)
    }

    public let settings: HaloAPISettings
    /// How the requests reach the API.
    public let route: ProxyRoute
    private let http: HTTPClient

    public init(_ settings: HaloAPISettings) throws(Problem) {
        self.settings = settings
        var tls = TLSConfiguration.makeClientConfiguration()
        if let file = settings.caCertificateFile {
            let certificates: [NIOSSLCertificate]
            do { certificates = try NIOSSLCertificate.fromPEMFile(file) } catch {
                throw .caCertificatesUnreadable(path: file, detail: "\(error)")
            }
            guard !certificates.isEmpty else { throw .caCertificatesMissing(path: file) }
            tls.trustRoots = .certificates(certificates)
        }
        if let given = settings.proxy {
            route = .proxy(given)
        } else {
            do { route = try ProxyEnvironment.route(to: settings.endpoint, in: settings.proxyEnvironment) } catch {
                throw .proxyVariableInvalid(error)
            }
        }
        var proxy: HTTPClient.Configuration.Proxy?
        if let p = route.proxy {
            let authorization = p.username.map { HTTPClient.Authorization.basic(username: $0, password: p.password ?? "") }
            proxy = .server(host: p.host, port: p.port, authorization: authorization)
        }
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls,
            redirectConfiguration: .disallow,
            timeout: .init(
                connect: .milliseconds(Int64(settings.connectTimeout.seconds * 1000)),
                read: .milliseconds(Int64(settings.retry.attemptTimeout.seconds * 1000))),
            proxy: proxy,
            // Decompressed, an answer may be as large as an uncompressed one.
            decompression: .enabled(limit: .size(HaloAPIClient.maximumBodySize)))
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(8, settings.connections)
        // A failed connection fails the attempt at once (the client's retries then say why and wait), instead of
        // the HTTP client trying again silently until the attempt's time is up.
        configuration.connectionPool.retryConnectionEstablishment = false
        http = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
        settings.observer(.route(route))
    }

    public func source(for key: APIKey) -> any EventSource {
        HaloAPIClient(
            http: http, endpoint: settings.endpoint, key: key, retry: settings.retry,
            proxy: route.proxy, connectTimeout: settings.connectTimeout, userAgent: settings.userAgent, observer: settings.observer)
    }

    public func shutdown() async { try? await http.shutdown() }
}
