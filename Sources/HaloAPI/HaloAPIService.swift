import AsyncHTTPClient
import HaloConnector
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
    public var proxy: ProxySetting?
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
    }

    public let settings: HaloAPISettings
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
        var proxy: HTTPClient.Configuration.Proxy?
        if let p = settings.proxy {
            let authorization = p.username.map { HTTPClient.Authorization.basic(username: $0, password: p.password ?? "") }
            proxy = .server(host: p.host, port: p.port, authorization: authorization)
        }
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls,
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(10), read: .milliseconds(Int64(settings.retry.attemptTimeout.seconds * 1000))),
            proxy: proxy)
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(8, settings.connections)
        http = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }

    public func source(for key: APIKey) -> any EventSource {
        HaloAPIClient(http: http, endpoint: settings.endpoint, key: key, retry: settings.retry)
    }

    public func shutdown() async { try? await http.shutdown() }
}
