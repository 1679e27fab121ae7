import Foundation
import HaloModel
import HaloTesting
import Testing
@testable import HaloOutput

@Suite struct CEFFormatterTests {
    let formatter = CEFFormatter()

    @Test func theApiReferenceEventGivesTheContractLine() {
        let event = HaloEvent(fields: [
            "id": .string("e750d982688411e6b7b32f750f990d28"),
            "type": .string("fim_target_integrity_changed"),
            "name": .string("File Integrity change detected"),
            "message": .string("A change was detected in file integrity target /opt/cloudpassage/*/* on Linux server Jlee-Chef-Node1 (54.183.177.195) (source: Scan)"),
            "created_at": .string("2016-08-22T16:24:30.726Z"),
            "critical": .bool(true),
            "server_id": .string("5b1d73b63e3711e68ead7f4b70b6c2b8"),
            "server_platform": .string("Linux"),
            "server_hostname": .string("ip-10-2-20-76"),
            "server_label": .string("Jlee-Chef-Node1"),
            "server_display_name": .string("ip-10-2-20-76"),
            "server_group_name": .string("old_smoke"),
            "server_ip_address": .string("54.183.177.195"),
            "server_primary_ip_address": .string("10.2.20.76"),
            "server_reported_fqdn": .string("localhost"),
            "scan_id": .string("e730037e688411e6b7b32f750f990d28"),
            "finding_id": .string("e748d9c6688411e6b7b32f750f990d28"),
            "policy_name": .string("FIM halo"),
        ])
        let line = formatter.line(for: event, as: EventClassification(sid: 101, name: "Halo: FIM target integrity changed"))
        #expect(line == "CEF:0|CloudPassage|CPHalo|\(HaloToolkit.version)|101|File Integrity change detected|9|"
            + "rt=Aug 22 2016 16:24:30 dst=10.2.20.76 dhost=ip-10-2-20-76 cat=fim_target_integrity_changed "
            + "externalId=e750d982688411e6b7b32f750f990d28 cs1Label=serverLabel cs1=Jlee-Chef-Node1 "
            + "cs2Label=serverGroup cs2=old_smoke cs3Label=policy cs3=FIM halo cs6Label=createdAt cs6=2016-08-22T16:24:30.726Z "
            + "deviceExternalId=5b1d73b63e3711e68ead7f4b70b6c2b8 flexString2Label=serverPlatform flexString2=Linux "
            + "msg=A change was detected in file integrity target /opt/cloudpassage/*/* on Linux server Jlee-Chef-Node1 (54.183.177.195) (source: Scan)")
    }

    @Test func anActorEventFillsSourceUserAndKey() throws {
        let event = HaloEvent(fields: [
            "id": .string("a1"), "name": .string("halo login failure"), "created_at": .string("2013-05-25T01:04:01.828169Z"),
            "critical": .string("True"), "actor_ip_address": .string("2001:db8::7"), "actor_username": .string("jo@example.com"),
            "actor_country": .string("Netherlands"), "actor_key_id": .string("k1"), "actor_key_label": .string("auditor key"),
            "object_name": .string("/etc/shadow"), "rule_name": .string("r = 1"),
        ])
        let line = formatter.line(for: event, as: EventClassification(sid: 409, name: "Halo login failure"))
        #expect(line == "CEF:0|CloudPassage|CPHalo|\(HaloToolkit.version)|409|halo login failure|9|"
            + "rt=May 25 2013 01:04:01 src=2001:db8::7 suser=jo@example.com fname=/etc/shadow cat=halo login failure externalId=a1 "
            + "cs4Label=rule cs4=r \\= 1 cs5Label=actorCountry cs5=Netherlands cs6Label=createdAt cs6=2013-05-25T01:04:01.828169Z "
            + "suid=k1 flexString1Label=actorKeyLabel flexString1=auditor key")
    }

    @Test func headerFieldsEscapePipesAndBackslashesAndControls() throws {
        let event = HaloEvent(fields: ["name": .string("a|b\\c\nd=e"), "created_at": .string("2016-08-22T16:24:30Z")])
        let line = CEFFormatter(productVersion: "1|2").line(for: event, as: .generic)
        #expect(line.hasPrefix("CEF:0|CloudPassage|CPHalo|1\\|2|2000000000|a\\|b\\\\c\\nd=e|3|rt=Aug 22 2016 16:24:30 cat=a|b\\\\c\\nd\\=e externalId="))
        let parsed = try CEFLine(parsing: line)
        #expect(parsed.version == "1|2")
        #expect(parsed.name == "a|b\\c\nd=e")
        #expect(parsed["cat"] == "a|b\\c\nd=e")
    }

    @Test func everyControlCharacterIsEscapedAsTheContractSays() {
        var expected: [Unicode.Scalar: String] = ["\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\", "=": "\\="]
        for value in Array(0x00...0x1F) + [0x7F, 0x85, 0x2028, 0x2029] where ![0x09, 0x0A, 0x0D].contains(value) {
            expected[Unicode.Scalar(value)!] = "\\u" + String(format: "%04x", value)
        }
        for (scalar, escape) in expected {
            let event = HaloEvent(fields: ["message": .string("a\(Character(scalar))b"), "created_at": .string("2016-08-22T16:24:30Z")])
            let line = formatter.line(for: event, as: .generic)
            #expect(line.hasSuffix(" msg=a\(escape)b"), "U+\(String(scalar.value, radix: 16))")
        }
    }

    @Test func sourceAndDestinationAreWrittenOnlyForAddressLiterals() throws {
        // Only what ossim-agent stores as given: no zone suffix (it would store 0.0.0.0), no loopback (it would
        // store the sensor's own address), no unspecified address (the plugin's "none").
        for (text, valid) in [("10.0.0.1", true), ("::ffff:10.0.0.1", true), ("2001:db8::1", true), ("10.0.0.256", false),
                              ("10.0.0.1 ", false), ("10.0.0.1\0x", false), ("fe80::1%eth0", false), ("host.example.com", false),
                              ("", false), ("127.0.0.1", false), ("127.0.1.1", false), ("127.9.9.9", false), ("::1", false),
                              ("0:0:0:0:0:0:0:1", false), ("::ffff:127.0.0.1", false), ("0.0.0.0", false), ("::", false),
                              ("::ffff:0.0.0.0", false), ("010.0.0.1", false)] {
            let event = HaloEvent(fields: ["actor_ip_address": .string(text), "server_ip_address": .string(text)])
            let parsed = try CEFLine(parsing: formatter.line(for: event, as: .generic))
            #expect(parsed["src"] == (valid ? text : nil), "\(text.debugDescription)")
            #expect(parsed["dst"] == (valid ? text : nil), "\(text.debugDescription)")
        }
        let fallback = HaloEvent(fields: ["server_ip_address": .null, "server_primary_ip_address": .string("10.2.20.76")])
        #expect(try CEFLine(parsing: formatter.line(for: fallback, as: .generic))["dst"] == "10.2.20.76")
        // The primary address (the one an asset inventory knows) first; the other when the primary is unusable.
        for (primary, other, dst) in [("10.2.20.76", "54.183.177.195", "10.2.20.76"), ("127.0.0.1", "54.183.177.195", "54.183.177.195"),
                                      ("fe80::1%eth0", "fe80::1", "fe80::1"), ("", "54.183.177.195", "54.183.177.195")] {
            let event = HaloEvent(fields: ["server_primary_ip_address": .string(primary), "server_ip_address": .string(other)])
            #expect(try CEFLine(parsing: formatter.line(for: event, as: .generic))["dst"] == dst, "\(primary) \(other)")
        }
    }

    /// The line is ASCII: under ossim-agent's default latin1 a UTF-8 byte 0x85 (in х, υ, م, ą, Å, ゅ…) would
    /// split it, 0x1C-0x1E and 0x0B/0x0C too, and other bytes would arrive double-encoded.
    @Test func nonASCIITextIsWrittenAsUnicodeEscapes() throws {
        let text = "х υ م ą Å ゅ jörg € \u{1F600} \u{2028}"
        let event = HaloEvent(fields: ["actor_username": .string(text), "name": .string("nämé"), "created_at": .string("2016-08-22T16:24:30Z")])
        let line = formatter.line(for: event, as: .generic)
        #expect(line.utf8.allSatisfy { $0 < 0x80 })
        #expect(line.contains("suser=\\u0445 \\u03c5 \\u0645 \\u0105 \\u00c5 \\u3085 j\\u00f6rg \\u20ac \\U0001f600 \\u2028 cat="))
        #expect(line.contains("|n\\u00e4m\\u00e9|"))
        let parsed = try CEFLine(parsing: line)
        #expect(parsed["suser"] == text && parsed.name == "nämé")
    }

    @Test func anEventWithoutAUsableTimeIsDatedNow() throws {
        for createdAt: JSONValue? in [nil, .null, .string("yesterday"), .int(5)] {
            var fields: [String: JSONValue] = ["id": .string("x")]
            fields["created_at"] = createdAt
            let rt = try #require(try CEFLine(parsing: formatter.line(for: HaloEvent(fields: fields), as: .generic))["rt"])
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "MMM dd yyyy HH:mm:ss"
            let date = try #require(formatter.date(from: rt))
            #expect(abs(date.timeIntervalSinceNow) < 120)
        }
    }

    @Test func severityFollowsCritical() throws {
        for (critical, severity) in [(JSONValue.bool(true), "9"), (.string("True"), "9"), (.bool(false), "3"), (.string("False"), "3"), (.null, "3")] {
            let line = formatter.line(for: HaloEvent(fields: ["critical": critical]), as: .generic)
            #expect(try CEFLine(parsing: line).severity == severity)
        }
    }

    /// The heart of it: whatever an event holds, its CEF line is one line, parses back to exactly the
    /// contract's keys in the contract's order, and every value reads back as the event's.
    @Test func hostileEventsGiveOneLineThatParsesBackToTheEvent() throws {
        var random = SeededRandom(seed: 0xCEF)
        for n in 0..<3000 {
            let event = TestEvents.hostile(&random)
            let classification = EventClassification(sid: Int.random(in: 1...2_000_000_000, using: &random), name: TestEvents.text(&random))
            let line = formatter.line(for: event, as: classification)
            try #require(Expect.isOneCleanLine(line), "event \(n)")
            let parsed = try CEFLine(parsing: line)
            try #require(parsed.header == ["CEF:0", "CloudPassage", "CPHalo", HaloToolkit.version, String(classification.sid),
                                           Expect.value(event, "name") ?? classification.name, event.isCritical ? "9" : "3"], "event \(n)")
            let expected = Expect.cefExtension(event)
            try #require(parsed.keys == expected.map(\.key), "event \(n): keys \(parsed.keys)")
            for (got, want) in zip(parsed.extensions, expected) where want.value != nil {
                try #require(got.value == want.value, "event \(n): \(got.key)")
            }
        }
    }
}
