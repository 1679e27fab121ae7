import HaloModel
import HaloTesting
import Testing
@testable import HaloOutput

@Suite struct TextFormatterTests {
    let formatter = TextFormatter()

    @Test func readsLikeTheOriginal() {
        let event = HaloEvent(fields: [
            "created_at": .string("2016-08-22T16:24:30.726Z"), "actor_ip_address": .string("203.0.113.9"),
            "message": .string("Login failed\nfor jo"), "name": .string("Halo login failure"), "critical": .bool(false), "x": .null,
        ])
        #expect(formatter.line(for: event, as: .generic)
            == "At 2016-08-22T16:24:30.726Z - From 203.0.113.9 - Login failed\\nfor jo false Halo login failure")
    }

    @Test func partsWithoutValuesAreLeftOut() {
        #expect(formatter.line(for: HaloEvent(fields: ["message": .string("m")]), as: .generic) == "m")
        #expect(formatter.line(for: HaloEvent(fields: ["name": .string("n"), "id": .string("1")]), as: .generic) == "1 n")
    }

    @Test func hostileEventsGiveOneLineThatDecodesToTheValues() throws {
        var random = SeededRandom(seed: 0x7E47)
        for n in 0..<2000 {
            let event = TestEvents.hostile(&random)
            let line = formatter.line(for: event, as: .generic)
            try #require(Expect.isOneCleanLine(line), "event \(n)")
            // Every escape in the line is one the format defines, and the decoded line is, value for value, the
            // documented one: `At … - `, `From … - `, then the message and every other value in key order.
            let decoded = try Unescape.decode(Substring(line), delimiters: [])
            var expected = ""
            if let time = event.fields["created_at"]?.text { expected += "At \(time) - " }
            if let ip = event.fields["actor_ip_address"]?.text { expected += "From \(ip) - " }
            let others = event.fields.keys.sorted().filter { !["created_at", "actor_ip_address", "message"].contains($0) }
            expected += ([event.fields["message"]?.text] + others.map { event.fields[$0]?.text }).compactMap { $0 }.joined(separator: " ")
            try #require(Array(decoded.utf8) == Array(expected.utf8), "event \(n)")
        }
    }
}
