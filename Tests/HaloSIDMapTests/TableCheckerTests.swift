import Foundation
import HaloTesting
import Testing
@testable import HaloSIDMap

/// `check`'s table validation on bad tables, one problem at a time, and which of them `sql` refuses.
@Suite("TableChecker: bad tables")
struct TableCheckerTests {
    /// The built-in table with one change.
    static func table(_ change: (inout SIDTable) -> Void) -> SIDTable {
        var table = SIDSeed.builtIn
        change(&table)
        return table
    }

    static func update(_ table: inout SIDTable, sid: Int, _ change: (inout SIDEntry) -> Void) {
        let index = table.entries.firstIndex { $0.sid == sid }!
        change(&table.entries[index])
    }

    /// A 3-byte UTF-8 character: counts once in a VARCHAR, three times in a TEXT column.
    static let euro = "\u{20AC}"

    /// (what is wrong, the table, the one problem check must report, whether OSSIM's tables could not hold it)
    static let cases: [(String, SIDTable, String, Bool)] = [
        ("a SID twice", table { $0.entries.append(SIDEntry(sid: 409, name: "Halo: Another", types: ["another"], categoryID: 10, subcategoryID: 71)) },
         "SID 409 appears twice", true),
        ("SID 0", table { $0.entries.append(SIDEntry(sid: 0, name: "Halo: Zero", types: ["zero"], categoryID: 10, subcategoryID: 71)) },
         "SID 0: SID 0 is outside 1...2147483647", true),
        ("SID 2^31", table { $0.entries.append(SIDEntry(sid: 2_147_483_648, name: "Halo: Big", types: ["big"], categoryID: 10, subcategoryID: 71)) },
         "SID 2147483648: SID 2147483648 is outside 1...2147483647", true),
        ("a name of 513 characters", table { update(&$0, sid: 409) { $0.name = String(repeating: "n", count: 513) } },
         "SID 409: the name has 513 characters; OSSIM's column holds 512", true),
        ("a name outside the BMP", table { update(&$0, sid: 409) { $0.name = "Halo: \u{1F600}" } },
         "SID 409: the name contains a character outside the Basic Multilingual Plane, which OSSIM's utf8 columns cannot store", true),
        ("a plugin name of 101 characters", table { $0.plugin.name = String(repeating: "p", count: 101) },
         "the plugin name has 101 characters; OSSIM's column holds 100", true),
        ("a description of 21846 characters, 65538 bytes", table { $0.plugin.description = String(repeating: euro, count: 21_846) },
         "the plugin description has 65538 bytes in UTF-8; OSSIM's TEXT column holds 65535", true),
        ("a vendor of 65536 bytes", table { $0.plugin.vendor = String(repeating: "v", count: 65_536) },
         "the plugin vendor has 65536 bytes in UTF-8; OSSIM's TEXT column holds 65535", true),
        ("an unknown category id", table { update(&$0, sid: 409) { $0.categoryID = 999 } },
         "SID 409: category id 999 is not an OSSIM category", false),
        ("another category's subcategory", table { update(&$0, sid: 409) { $0.subcategoryID = 71 } },
         "SID 409: subcategory id 71 is not a subcategory of Authentication", false),
        ("an unknown subcategory id", table { update(&$0, sid: 409) { $0.subcategoryID = 99_999 } },
         "SID 409: subcategory id 99999 is not a subcategory of Authentication", false),
        ("a type on two rows", table { update(&$0, sid: 413) { $0.types.append("halo_login_failure") } },
         "SID 413: type `halo_login_failure` is also mapped by SID 409", false),
        ("a type differing only in case", table { update(&$0, sid: 413) { $0.types.append("HALO_LOGIN_FAILURE") } },
         "SID 413: type `HALO_LOGIN_FAILURE` differs only in case from a type of SID 409", false),
        ("a legacy name on two rows", table { update(&$0, sid: 413) { $0.legacyNames.append("halo login failure") } },
         "SID 413: legacy name `halo login failure` is also mapped by SID 409", false),
        ("two SIDs with one name", table { update(&$0, sid: 413) { $0.name = "Halo: Halo login failure" } },
         "SID 413: its name `Halo: Halo login failure` is also SID 409's; OSSIM users could not tell them apart", false),
        ("priority 6", table { update(&$0, sid: 413) { $0.priority = 6 } },
         "SID 413: priority 6 is outside 0...5", false),
        ("an undefined field set", table { update(&$0, sid: 413) { $0.fieldSet = "nosuchset" } },
         "SID 413: field set `nosuchset` is not defined (sets: any, actor, server)", false),
        ("no generic SID", table { $0.entries.removeAll { $0.sid == SIDRanges.generic } },
         "the generic SID 2000000000 is missing; events of unknown types would have no SID in OSSIM", false),
    ]

    @Test("each problem is reported, alone; sql refuses exactly those OSSIM's tables cannot hold", arguments: 0..<cases.count)
    func reportsEachProblem(_ index: Int) throws {
        let (what, table, problem, unstorable) = Self.cases[index]
        #expect(TableChecker.check(table).problems == [problem], "\(what)")
        #expect(!TableChecker.check(table).isOK)
        #expect(TableChecker.sqlProblems(table) == (unstorable ? [problem] : []), "\(what)")
        if unstorable {
            #expect(throws: SIDMapError.refused(.notStorableInOSSIM(problems: [problem])), "\(what)") {
                try OSSIMSQLGenerator.sql(for: table)
            }
        } else {
            #expect(try OSSIMSQLGenerator.sql(for: table).contains("INSERT IGNORE INTO plugin_sid"), "\(what)")
        }
    }

    @Test("texts at their column's limit pass: 512 and 100 characters of 3 bytes each, TEXT of 65535 bytes")
    func limitsExactly() throws {
        let table = Self.table {
            $0.plugin.name = String(repeating: Self.euro, count: 100)
            $0.plugin.description = String(repeating: Self.euro, count: 21_845)
            $0.plugin.vendor = String(repeating: "v", count: 65_535)
            Self.update(&$0, sid: 409) { $0.name = String(repeating: Self.euro, count: 512) }
        }
        #expect(TableChecker.check(table).problems == [])
        #expect(try OSSIMSQLGenerator.sql(for: table).contains(String(repeating: Self.euro, count: 512)))
    }

    @Test("a table OSSIM could not hold is refused by SIDStore.create and replaceTable; nothing is written")
    func storeRefusesUnstorableTables() throws {
        let dir = try TemporaryDirectory("checker")
        let long = Self.table { Self.update(&$0, sid: 409) { $0.name = String(repeating: "n", count: 513) } }
        #expect(throws: SIDMapError.self) { try SIDStore.create(path: dir.file("new.sqlite"), table: long) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [])
        let store = try SIDStore.create(path: dir.file("sid.sqlite"), table: SIDSeed.builtIn)
        #expect { try store.replaceTable(with: long) } throws: { error in
            guard case SIDMapError.refused(.notStorableInOSSIM(let problems)) = error else { return false }
            return problems.contains { $0.contains("SID 409: the name has 513 characters; OSSIM's column holds 512") }
        }
        #expect(throws: SIDMapError.self) { try SIDStore.create(path: dir.file("sid.sqlite"), table: long, replacing: true) }
        #expect(try store.loadTable() == SIDSeed.builtIn)
    }
}
