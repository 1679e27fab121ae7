import Foundation
import HaloModel
import HaloSIDMap
import HaloTesting
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

    /// Every type of `data/halo-event-types.tsv`, classified by the built-in SID table (what `halo-events`
    /// uses without `--sidmap`), gets that file's LEEF category in `cat`, and no `cat` when it has none.
    /// Types that share a SID share its table entry, and so its category: the file gives SID 946 to
    /// `cloud_asset_configuration_rule_failed` (category `cloud_service_provider`) and to its other spelling
    /// `ServerEvents::CloudAssetConfigurationRuleFailed` (none), and both get `cloud_service_provider`.
    @Test func everyTypeOfTheSharedListCarriesItsCategory() throws {
        let text = try String(contentsOf: TestPaths.shared.appendingPathComponent("data/halo-event-types.tsv"), encoding: .utf8)
        let rows = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.dropFirst()
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        try #require(rows.count > 150 && rows.allSatisfy { $0.count == 3 })
        let categoryOfSID = Dictionary(rows.filter { !$0[2].isEmpty }.map { ($0[1], $0[2]) }) { first, _ in first }
        let resolver = SIDResolver.builtIn
        for row in rows {
            let event = HaloEvent(fields: ["type": .string(row[0]), "id": .string("x"), "created_at": .string("2016-08-22T16:24:30.726Z")])
            let parsed = try LEEFLine(parsing: formatter.line(for: event, as: resolver.classify(event)))
            #expect(parsed.header[4] == row[0])
            #expect(parsed["cat"] == (row[2].isEmpty ? categoryOfSID[row[1]] : row[2]), "type \(row[0])")
        }
        #expect(rows.filter { !$0[2].isEmpty }.count > 100)
        #expect(rows.filter { $0[2].isEmpty && categoryOfSID[$0[1]] != nil }.map { $0[0] } == ["ServerEvents::CloudAssetConfigurationRuleFailed"])
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
            try #require(parsed["devTimeFormat"] == (event.createdAt == nil ? nil : "yyyy-MM-dd'T'HH:mm:ss.SSSX"), "event \(n)")
            try #require(parsed["src"] == Expect.value(event, "actor_ip_address").flatMap { Expect.isIPLiteral($0) ? $0 : nil }, "event \(n)")
            let server = Expect.value(event, "server_ip_address") ?? Expect.value(event, "server_primary_ip_address")
            try #require(parsed["dst"] == server.flatMap { Expect.isIPLiteral($0) ? $0 : nil }, "event \(n)")
            try #require(parsed["usrName"] == Expect.value(event, "actor_username"), "event \(n)")
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
