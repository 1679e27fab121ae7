import HaloModel
import TestSupport
import Testing
@testable import HaloOutput

@Suite struct LEEFFormatterTests {
    let formatter = LEEFFormatter()

    @Test func aLoginEventGivesTheDocumentedLine() {
        let event = HaloEvent(fields: [
            "id": .string("a1"), "type": .string("halo_login_failure"), "name": .string("Halo login failure"),
            "created_at": .string("2016-08-22T16:24:30.726Z"), "critical": .bool(false),
            "actor_ip_address": .string("203.0.113.9"), "actor_username": .string("jo@example.com"),
            "message": .string("Login failed: a=b | c\td"), "server_id": .null,
        ])
        let classification = EventClassification(sid: 409, name: "Halo login failure", leefCategory: "halo_users_and_authentication")
        #expect(formatter.line(for: event, as: classification) == "LEEF:1.0|CloudPassage|CPHalo|\(HaloToolkit.version)|halo_login_failure|"
            + "devTime=2016-08-22T16:24:30.726Z\tdevTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSSX\tcat=halo_users_and_authentication\t"
            + "sev=3\tsrc=203.0.113.9\tusrName=jo@example.com\t"
            + "actor_ip_address=203.0.113.9\tactor_username=jo@example.com\tcreated_at=2016-08-22T16:24:30.726Z\tcritical=false\t"
            + "id=a1\tmessage=Login failed: a=b | c\\td\tname=Halo login failure\ttype=halo_login_failure")
    }

    @Test func fieldsNamedLikeLEEFAttributesCannotForgeThem() throws {
        let event = HaloEvent(fields: ["sev": .string("10"), "cat": .string("forged"), "k=v": .string("x")])
        let parsed = try LEEFLine(parsing: formatter.line(for: event, as: .generic))
        #expect(parsed.attributes.filter { $0.key == "sev" }.map(\.value) == ["3"])
        #expect(parsed["halo_sev"] == "10")
        #expect(parsed["cat"] == nil)
        #expect(parsed["halo_cat"] == "forged")
        #expect(parsed["k=v"] == "x")
    }

    @Test func hostileEventsGiveOneLineThatParsesBackToTheEvent() throws {
        var random = SeededRandom(seed: 0x1EEF)
        for n in 0..<2000 {
            let event = TestEvents.hostile(&random)
            let category: String? = Bool.random(using: &random) ? "server_events" : nil
            let classification = EventClassification(sid: 7, name: "SID name", leefCategory: category)
            let line = formatter.line(for: event, as: classification)
            try #require(Expect.isOneCleanLine(line, tabsAreDelimiters: true), "event \(n)")
            let parsed = try LEEFLine(parsing: line)
            let eventID = Expect.value(event, "type") ?? Expect.value(event, "name") ?? "SID name"
            try #require(parsed.header == ["LEEF:1.0", "CloudPassage", "CPHalo", HaloToolkit.version, eventID], "event \(n)")
            try #require(parsed["sev"] == (event.isCritical ? "9" : "3"), "event \(n)")
            try #require(parsed["cat"] == category, "event \(n)")
            try #require(parsed["devTime"] == event.createdAt?.iso8601(fractionDigits: 3), "event \(n)")
            try #require(parsed["src"] == Expect.value(event, "actor_ip_address").flatMap { Expect.isIPLiteral($0) ? $0 : nil }, "event \(n)")
            // Every Halo field travels whole, under its own name (or halo_<name> when LEEF owns the name).
            // (LEEF's own attributes come first, and no Halo field is written under one of their names.)
            let halo = parsed.attributes.drop { LEEFFormatter.ownKeys.contains($0.key) }
            let expected = event.fields.compactMap { key, value in value.text.map { (key, $0) } }.sorted { $0.0 < $1.0 }
                .map { key, value in (LEEFFormatter.ownKeys.contains(key) ? "halo_" + key : key, value) }
            try #require(halo.map(\.key) == expected.map(\.0), "event \(n)")
            try #require(halo.map(\.value) == expected.map(\.1), "event \(n)")
        }
    }
}
