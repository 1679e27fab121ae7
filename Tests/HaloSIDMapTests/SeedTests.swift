import Foundation
import HaloModel
import HaloTesting
import Testing
@testable import HaloSIDMap

@Suite("The seed")
struct SeedTests {
    let table = SIDSeed.builtIn

    @Test("the embedded seed and taxonomy are byte for byte the files in sidmap/ (and the taxonomy is ../shared's)")
    func embeddedCopiesMatchFiles() throws {
        #expect(SIDSeed.builtInText == (try RepoFile.text(RepoFile.seed)))
        #expect(OSSIMTaxonomy.builtInText == (try RepoFile.text(RepoFile.taxonomy)))
        let shared = try String(contentsOf: TestPaths.shared.appendingPathComponent("data/ossim-taxonomy.tsv"), encoding: .utf8)
        #expect(OSSIMTaxonomy.builtInText == shared)
    }

    @Test("formatting the parsed seed gives the file back byte for byte")
    func formatRoundTrips() throws {
        #expect(SeedFormat.format(table) == SIDSeed.builtInText)
    }

    @Test("every type of data/halo-event-types.tsv is mapped; its connector SID is kept unless the rule moved it")
    func coversEveryType() throws {
        for (type, connectorSID) in try SharedData.eventTypes() {
            let entry = try #require(table.entry(type: type), "type \(type) is not in the seed")
            if entry.sid != connectorSID {
                #expect(entry.connectorSID == connectorSID, "type \(type) left SID \(connectorSID) without recording it")
                let original = try SharedData.legacyNames().first { $0.sid == connectorSID }
                let joinedLegacyRow = !entry.legacyNames.isEmpty
                let displaced = entry.sid == SIDRanges.displacedOffset + connectorSID && original != nil
                #expect(joinedLegacyRow || displaced, "type \(type): SID \(entry.sid) follows neither conflict rule")
            }
        }
    }

    @Test("every legacy name keeps the SID the original plugin gave it; its 14 elevated SIDs stay elevated at 3/3")
    func coversEveryLegacyName() throws {
        let legacy = try SharedData.legacyNames()
        for (name, sid, elevated) in legacy {
            let entry = try #require(table.entry(legacyName: name), "legacy name \(name) is not in the seed")
            #expect(entry.sid == sid)
            if elevated {
                #expect(entry.elevated && entry.priority == 3 && entry.reliability == 3, "SID \(sid)")
            }
        }
        #expect(Set(legacy.filter(\.elevated).map(\.sid)).count == 14)
    }

    @Test("modern types that mean what an elevated legacy name means are elevated too")
    func modernTwinsElevated() throws {
        for type in ["fim_object_missing", "fim_signature_changed", "fim_target_integrity_changed", "halo_login_failure",
                     "api_login_failure", "vulnerable_software_package_found", "server_account_created", "account_created",
                     "new_server", "server_missing", "server_firewall_modified_locally", "multiple_root_accounts"] {
            let entry = try #require(table.entry(type: type))
            #expect(entry.elevated && entry.priority == 3 && entry.reliability == 3, "\(type)")
        }
    }

    @Test("every SID has a real OSSIM category and subcategory; the table checks clean; the generic SID is there")
    func taxonomyAndCheck() throws {
        let taxonomy = OSSIMTaxonomy.builtIn
        for entry in table.entries {
            #expect(taxonomy.subcategories[entry.subcategoryID]?.categoryID == entry.categoryID, "SID \(entry.sid)")
        }
        let report = TableChecker.check(table)
        #expect(report.problems == [])
        #expect(table.entry(sid: 2_000_000_000)?.name == "Halo: Generic event")
        #expect(report.decisions.count == table.entries.filter { $0.connectorSID != nil }.count)
    }

    @Test("the emulator's list: every type with its SID, display name and origin")
    func eventTypesForEmulator() throws {
        let types = table.eventTypes
        #expect(Set(types.map(\.type)) == Set(try SharedData.eventTypes().map(\.type)))
        let login = try #require(types.first { $0.type == "halo_login_failure" })
        #expect(login.sid == 409 && login.displayName == "Halo login failure" && login.origin == .actor && login.elevated)
        #expect(types.first { $0.type == "fim_object_missing" }?.origin == .server)
        #expect(types.first { $0.type == "ServerEvents::CloudAssetConfigurationRuleFailed" }?.isAlias == true)
        #expect(table.legacyEventNames.count == (try SharedData.legacyNames().count))
    }

    @Test("a seed with a duplicate SID, a doubly mapped type, an unknown category or a bad escape is refused with its line")
    func refusesBadSeeds() throws {
        let good = SIDSeed.builtInText
        let lines = good.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let firstRow = try #require(lines.firstIndex { $0.hasPrefix("100\t") })
        func seed(replacingRow row: String) -> String {
            var copy = lines
            copy[firstRow] = row
            return copy.joined(separator: "\n")
        }
        // (row, message, line of the error relative to the replaced row: duplicates are found on the later line)
        let cases: [(String, String, Int)] = [
            ("101\tx\tHalo: X\tInfo\tMisc\t1\t1\tno\tany\t\t\t", "SID 101 is already on line \(firstRow + 1)", 1),
            ("100\tfim_scan_disabled\tHalo: X\tInfo\tMisc\t1\t1\tno\tany\t\t\t", "type `fim_scan_disabled` is already mapped", 1),
            ("100\tx\tHalo: X\tNoSuch\tMisc\t1\t1\tno\tany\t\t\t", "unknown OSSIM category", 0),
            ("100\tx\tHalo: X\\q\tInfo\tMisc\t1\t1\tno\tany\t\t\t", "unknown escape", 0),
            ("0\tx\tHalo: X\tInfo\tMisc\t1\t1\tno\tany\t\t\t", "not a number in 1...2147483647", 0),
            ("100\tx\tHalo: X\tInfo\tMisc\t9\t1\tno\tany\t\t\t", "priority", 0),
        ]
        for (row, message, offset) in cases {
            #expect {
                try SeedFormat.parse(seed(replacingRow: row), file: "seed.tsv")
            } throws: { error in
                guard case SIDMapError.invalidSeed(let file, let line, let text) = error else { return false }
                return file == "seed.tsv" && line == firstRow + 1 + offset && text.contains(message)
            }
        }
    }

    @Test("values with tabs, newlines, backslashes and bars survive the seed format")
    func escapingRoundTrips() throws {
        var table = self.table
        table.entries[0].name = "Halo: a\tb\nc\\d|e\r"
        table.entries[0].legacyNames = ["one | two", "back\\slash"]
        let text = SeedFormat.format(table)
        #expect(text.split(separator: "\n").count == SIDSeed.builtInText.split(separator: "\n").count)
        #expect(try SeedFormat.parse(text, file: "x") == table)
    }
}
