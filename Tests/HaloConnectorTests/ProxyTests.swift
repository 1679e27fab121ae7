import Foundation
import HaloAPI
import HaloConnector
import HaloTesting
import Testing

/// `--proxy`: every request goes through the proxy (CONNECT), with its credentials.
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
}
