import HaloModel
import HaloTesting
import Testing
@testable import HaloOutput

@Suite struct KeyValueFormatterTests {
    let formatter = KeyValueFormatter()

    @Test func fieldsBecomeQuotedPairsInKeyOrder() {
        let event = HaloEvent(fields: [
            "name": .string("Halo login failure"), "critical": .bool(true), "count": .int(3), "gone": .null,
            "message": .string("said \"hi\"\\bye\nnext"), "tags": .array([.string("a"), .int(1)]),
        ])
        #expect(formatter.line(for: event, as: .generic)
            == #"count="3" critical="true" message="said \"hi\"\\bye\nnext" name="Halo login failure" tags="[\"a\",1]""#)
    }

    @Test func hostileKeysAreMadeBare() {
        #expect(KeyValueFormatter.bareKey("server_id") == "server_id")
        #expect(KeyValueFormatter.bareKey("a b=\"c\"\n") == "a_b__c__")
        #expect(KeyValueFormatter.bareKey("") == "_")
        #expect(KeyValueFormatter.bareKey("ключ") == "____")
    }

    @Test func hostileEventsGiveOneLineThatParsesBackToTheEvent() throws {
        var random = SeededRandom(seed: 0x4B56)
        for n in 0..<2000 {
            let event = TestEvents.hostile(&random)
            let line = formatter.line(for: event, as: .generic)
            try #require(Expect.isOneCleanLine(line), "event \(n)")
            let parsed = try KeyValueLine(parsing: line)
            let expected = event.fields.compactMap { key, value in value.text.map { (key, $0) } }.sorted { $0.0 < $1.0 }
            try #require(parsed.pairs.map(\.key) == expected.map { KeyValueFormatter.bareKey($0.0) }, "event \(n)")
            try #require(parsed.pairs.map(\.value) == expected.map(\.1), "event \(n)")
        }
    }
}
