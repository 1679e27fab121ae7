import Foundation
import HaloSimulator
import Testing

@Suite("Authentication")
struct AuthTests {
    @Test("a right key and secret get a bearer token that reads the account's own events")
    func tokenForEachAccount() async throws {
        try await withSimulator(.testing(events: 50, accounts: 3)) { sim, client in
            for account in sim.accounts {
                let reply = try await client.tokenReply(keyID: account.keyID, secret: account.secret)
                #expect(reply.status == 200)
                let object = try reply.object()
                #expect(object["token_type"] as? String == "bearer")
                #expect(object["expires_in"] as? Int == 900)
                let token = try #require(object["access_token"] as? String)
                let page = try await client.events("per_page=100", token: token).page()
                #expect(page.events.map(\.id) == sim.truth(account: account.index).visible(at: .zero).map(\.id))
            }
            #expect(sim.stats.tokensIssued == 3)
            #expect(Set(sim.accounts.map(\.keyID)).count == 3)
        }
    }

    @Test("a wrong secret, an unknown key, no credentials or another grant type are refused")
    func refusals() async throws {
        try await withSimulator(.testing(events: 10)) { sim, client in
            let account = sim.accounts[0]
            let other = sim.accounts[1]
            #expect(try await client.tokenReply(keyID: account.keyID, secret: other.secret).status == 401)
            #expect(try await client.tokenReply(keyID: "deadbeef", secret: account.secret).status == 401)
            #expect(try await client.tokenReply(keyID: account.keyID, secret: account.secret + "x").status == 401)
            let none = try await client.tokenReply(keyID: nil, secret: nil)
            #expect(none.status == 401)
            #expect(none.headers.first(name: "WWW-Authenticate")?.hasPrefix("Basic") == true)
            #expect(try await client.tokenReply(keyID: account.keyID, secret: account.secret, grantType: "password").status == 400)
            #expect(sim.stats.tokensIssued == 0)
            #expect(sim.stats.requestsByStatus[401] == 4)
        }
    }

    @Test("events without a token, with an unknown one or a malformed header answer 401")
    func eventsNeedAToken() async throws {
        try await withSimulator(.testing(events: 10)) { sim, client in
            let missing = try await client.get("/v1/events", token: nil)
            #expect(missing.status == 401)
            #expect(missing.headers.first(name: "WWW-Authenticate")?.contains("invalid_token") == true)
            #expect(try await client.get("/v1/events", token: "0123456789abcdef0123456789abcdef").status == 401)
            let account = sim.accounts[0]
            let basic = "Basic " + Data("\(account.keyID):\(account.secret)".utf8).base64EncodedString()
            #expect(try await client.get("/v1/events", authorization: basic).status == 401)
            #expect(try await client.get("/v1/events", authorization: "Bearer ").status == 401)
            let token = try await client.token(account)
            #expect(try await client.get("/v1/events", authorization: "bearer \(token)").status == 200)
            #expect(sim.stats.requestsByStatus[401] == 4)
        }
    }

    @Test("a token expires after the configured lifetime, and a new one works")
    func expiry() async throws {
        var configuration = SimulatorConfiguration.testing(events: 10)
        configuration.tokenLifetime = .seconds(60)
        try await withSimulator(configuration) { sim, client in
            let token = try await client.token(sim.accounts[0])
            let first = try await client.tokenReply(keyID: sim.accounts[0].keyID, secret: sim.accounts[0].secret)
            #expect(try first.object()["expires_in"] as? Int == 60)
            #expect(try await client.events("", token: token).status == 200)
            sim.configuration.clock.advance(by: .seconds(59))
            #expect(try await client.events("", token: token).status == 200)
            sim.configuration.clock.advance(by: .seconds(1))
            let expired = try await client.events("", token: token)
            #expect(expired.status == 401)
            #expect(expired.text.contains("expired"))
            let fresh = try await client.token(sim.accounts[0])
            #expect(fresh != token)
            #expect(try await client.events("", token: fresh).status == 200)
        }
    }
}
