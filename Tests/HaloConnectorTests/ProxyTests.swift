import Foundation
import HaloAPI
import HaloConnector
import HaloEventsCommand
import HaloTesting
import Testing

/// `--proxy`, or the environment's proxy when none is given: every request goes through the proxy (CONNECT),
/// with its credentials; `no_proxy` exempts the API's host.
@Suite("Proxy") struct ProxyTests {
    @Test("with --proxy every request goes through the proxy, which gets the credentials; the output is whole")
    func throughProxy() async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(events: 450)) { fixture in
            let proxy = try ConnectProxy()
            let run = await fixture.run { $0.api.proxy = try! ProxySetting("http://ops:s3cret@127.0.0.1:\(proxy.port)") }
            #expect(run.status == .success, "\(run.diagnostics)")
            let seen = proxy.seen
            #expect(!seen.isEmpty)
            #expect(seen.allSatisfy { $0.target == "127.0.0.1:\(fixture.sim.port)" })
            let credentials = "Basic " + Data("ops:s3cret".utf8).base64EncodedString()
            #expect(seen.allSatisfy { $0.authorization == credentials })
            #expect(!run.diagnostics.joined().contains("s3cret"))
            let delivered = try DeliveredEvents(lines: fixture.outputLines())
            #expect(delivered.events.map(\.id) == fixture.truth().map(\.id))
        }
    }

    @Test("without --proxy, the environment's proxy is used (lower case first), and -v says which and from where")
    func proxyFromEnvironment() async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(events: 450)) { fixture in
            let proxy = try ConnectProxy()
            let dead = try freeLoopbackPort(udp: false)
            let run = await fixture.run {
                $0.api.proxyEnvironment = ["http_proxy": "http://ops:s3cret@127.0.0.1:\(proxy.port)", "HTTP_PROXY": "127.0.0.1:\(dead)"]
                $0.verbose = true
            }
            #expect(run.status == .success, "\(run.diagnostics)")
            #expect(!proxy.seen.isEmpty && proxy.seen.allSatisfy { $0.target == "127.0.0.1:\(fixture.sim.port)" })
            let credentials = "Basic " + Data("ops:s3cret".utf8).base64EncodedString()
            #expect(proxy.seen.allSatisfy { $0.authorization == credentials })
            #expect(run.diagnostics.contains("halo-events: requests go through the proxy ops:***@127.0.0.1:\(proxy.port) (from http_proxy)"), "\(run.diagnostics)")
            #expect(!run.diagnostics.joined().contains("s3cret"))
            let delivered = try DeliveredEvents(lines: fixture.outputLines())
            #expect(delivered.events.map(\.id) == fixture.truth().map(\.id))
        }
    }

    @Test("no_proxy listing the API's host: the environment's proxy is not used, and -v says why")
    func noProxyExempts() async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(events: 200)) { fixture in
            let proxy = try ConnectProxy()
            let run = await fixture.run {
                $0.api.proxyEnvironment = ["http_proxy": "127.0.0.1:\(proxy.port)", "no_proxy": "localhost, 127.0.0.1"]
                $0.verbose = true
            }
            #expect(run.status == .success, "\(run.diagnostics)")
            #expect(proxy.seen.isEmpty)
            #expect(run.diagnostics.contains { $0.contains("requests go directly to the API: no_proxy lists 127.0.0.1") }, "\(run.diagnostics)")
        }
    }

    static let api = try! HaloEndpoint(url: "https://api.cloudpassage.com")

    @Test("which variable gives the proxy", arguments: [
        (["https_proxy": "http://p:3128"], "https_proxy"),
        (["HTTPS_PROXY": "p:8080"], "HTTPS_PROXY"),
        (["https_proxy": "lower:1", "HTTPS_PROXY": "upper:2"], "https_proxy"),
        (["https_proxy": "", "HTTPS_PROXY": "upper:2"], nil),
        (["http_proxy": "p:3128", "HTTP_PROXY": "p:3128"], nil),
        ([:], nil),
    ] as [([String: String], String?)])
    func variables(_ environment: [String: String], _ variable: String?) throws {
        let route = try ProxyEnvironment.route(to: Self.api, in: environment)
        if let variable {
            #expect(route.proxy?.origin == .environment(variable: variable), "\(route)")
        } else {
            #expect(route == .direct)
        }
    }

    @Test("no_proxy: *, the host, or a domain it is in, with or without its port", arguments: [
        ("*", "*"), ("api.cloudpassage.com", "api.cloudpassage.com"), (".cloudpassage.com", ".cloudpassage.com"),
        ("cloudpassage.com", "cloudpassage.com"), ("intranet, CloudPassage.COM", "CloudPassage.COM"),
        ("api.cloudpassage.com:443", "api.cloudpassage.com:443"),
        ("passage.com", nil), ("api.cloudpassage.com:8443", nil), ("notcloudpassage.com", nil), ("", nil), (" , ", nil),
    ] as [(String, String?)])
    func noProxy(_ list: String, _ entry: String?) throws {
        for variable in ["no_proxy", "NO_PROXY"] {
            let route = try ProxyEnvironment.route(to: Self.api, in: ["https_proxy": "p:3128", variable: list])
            let proxy = try ProxySetting("p:3128", origin: .environment(variable: "https_proxy"))
            #expect(route == (entry.map { .exempted(proxy: proxy, variable: variable, entry: $0) } ?? .proxy(proxy)))
        }
    }

    @Test("plain http (to a loopback API) takes the environment's proxy only if it is on this host too")
    func plainHTTP() throws {
        let local = try HaloEndpoint(url: "http://127.0.0.1:8080")
        let remote = try ProxySetting("proxy.corp:3128", origin: .environment(variable: "http_proxy"))
        #expect(try ProxyEnvironment.route(to: local, in: ["http_proxy": "proxy.corp:3128"]) == .plainHTTPStaysOnHost(proxy: remote))
        #expect(try ProxyEnvironment.route(to: local, in: ["http_proxy": "127.0.0.1:3128"]).proxy?.port == 3128)
        #expect(try ProxyEnvironment.route(to: local, in: ["https_proxy": "127.0.0.1:3128"]) == .direct)
    }

    @Test("a proxy variable that is not a proxy stops the run before any account, naming the variable, not its value")
    func invalidVariable() async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(events: 10)) { fixture in
            let run = await fixture.run { $0.api.proxyEnvironment = ["http_proxy": "http://ops:s3cret@proxy-without-port"] }
            #expect(run.status == .configuration)
            #expect(run.diagnostics.contains { $0.contains("http_proxy in the environment is not a proxy") }, "\(run.diagnostics)")
            #expect(!run.diagnostics.joined().contains("s3cret"))
        }
    }
}
