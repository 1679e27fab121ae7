import HaloAPI
import HaloConnector
import HaloEventsCommand
import Testing

/// `--url`, `--port` and `--proxy`: plain http only to loopback, TLS otherwise.
@Suite("Endpoint and proxy") struct EndpointTests {
    @Test("accepted URLs and their base URL", arguments: [
        ("https://api.cloudpassage.com", nil, "https://api.cloudpassage.com:443"),
        ("https://api.cloudpassage.com:8443/", nil, "https://api.cloudpassage.com:8443"),
        ("https://gateway.example/halo/", 9443, "https://gateway.example:9443/halo"),
        ("http://127.0.0.1:8080", nil, "http://127.0.0.1:8080"),
        ("http://localhost", 9000, "http://localhost:9000"),
        ("http://[::1]:81", nil, "http://[::1]:81"),
    ] as [(String, Int?, String)])
    func accepted(_ url: String, _ port: Int?, _ base: String) throws {
        #expect(try HaloEndpoint(url: url, port: port).baseURL == base)
    }

    @Test("refused URLs", arguments: [
        ("http://api.cloudpassage.com", "only to a loopback host"),
        ("http://10.0.0.1:80", "only to a loopback host"),
        ("http://127.0.0.1.example.com", "only to a loopback host"),
        ("ftp://127.0.0.1", "the scheme must be https"),
        ("api.cloudpassage.com", "is not a URL"),
        ("https://user:pw@api.cloudpassage.com", "no user"),
        ("https://api.cloudpassage.com/?x=1", "no user, query"),
    ])
    func refused(_ url: String, _ expected: String) {
        let error = #expect(throws: HaloEndpoint.Problem.self) { try HaloEndpoint(url: url) }
        let sentence = error.map { Sentences.of($0, url: url) } ?? ""
        #expect(sentence.contains(expected), "\(sentence)")
    }

    @Test("a port out of range is refused")
    func badPort() {
        #expect(throws: HaloEndpoint.Problem.portOutOfRange(70_000)) { try HaloEndpoint(url: "https://api.cloudpassage.com", port: 70_000) }
        #expect(throws: HaloEndpoint.Problem.portOutOfRange(0)) { try HaloEndpoint(url: "https://api.cloudpassage.com", port: 0) }
    }

    @Test("proxies: host:port or http URL with credentials; the password is never shown")
    func proxies() throws {
        let p = try ProxySetting("http://ops:Pa55w0rd@proxy.corp:3128")
        #expect(p.host == "proxy.corp" && p.port == 3128)
        #expect("\(p)" == "ops:***@proxy.corp:3128")
        #expect(try ProxySetting("proxy.corp:8080").port == 8080)
        for bad in ["proxy.corp", "https://proxy.corp:443", "http://proxy.corp:99999", "socks5://p:1080"] {
            #expect(throws: ProxySetting.Problem.self, "\(bad)") { try ProxySetting(bad) }
        }
    }
}
