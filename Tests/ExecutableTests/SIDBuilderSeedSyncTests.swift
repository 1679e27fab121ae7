import Foundation
import HaloTesting
import Testing
@testable import HaloSIDMap

/// `halo-sidbuilder sync` on a table made from an older seed: the built-in seed's rows it lacks (the
/// connector's health SIDs 90000-90005) reach it, and from it the SQL; what the admin changed stays.
@Suite("halo-sidbuilder: sync adds the seed rows a table lacks")
struct SIDBuilderSeedSyncTests {
    /// The built-in seed's health rows.
    static let health = SIDSeed.builtIn.entries.filter { SIDRanges.connectorHealth.contains($0.sid) }

    /// The report line of a seed row `sync` added.
    static func reportLine(_ entry: SIDEntry) -> String {
        let taxonomy = OSSIMTaxonomy.builtIn.describe(categoryID: entry.categoryID, subcategoryID: entry.subcategoryID)
        return "added SID \(entry.sid) for type \(entry.types[0]): \(entry.name) (\(taxonomy)) from the built-in seed\n"
    }

    /// The SQL's `plugin_sid` row of `entry` (see ``OSSIMSQLGenerator``).
    static func sqlRow(_ entry: SIDEntry) -> String {
        "\n(9876, \(entry.sid), \(entry.categoryID), \(entry.subcategoryID), NULL, \(entry.priority), \(entry.reliability), '\(entry.name)'),\n"
    }

    @Test("a table without the health rows gets them from sync, reported; edited and renumbered rows stay; sql has them; a second sync adds nothing")
    func addsTheMissingRows() throws {
        try #require(Self.health.map(\.sid) == Array(90_000...90_005))
        let (dir, db) = try SIDBuilderProcess.database()
        // The admin's changes: a name, and a renumbered seed row.
        var r = try SIDBuilderProcess.run(["set", "--db", db, "409", "--name", "Halo: Portal login failed"])
        try #require(r.status == 0, "\(r.stderr)")
        r = try SIDBuilderProcess.run(["set", "--db", db, "712", "--sid", "100700", "--force"])
        try #require(r.status == 0, "\(r.stderr)")
        let pluginWithRows = try SIDBuilderProcess.run(["plugin", "--db", db]).stdout
        // As if made from the seed before the health rows.
        try SIDBuilderProcess.editRaw(db, "DELETE FROM eventType WHERE sid BETWEEN 90000 AND 90005")
        let sqlBefore = try SIDBuilderProcess.run(["sql", "--db", db]).stdout
        for entry in Self.health { #expect(!sqlBefore.contains(Self.sqlRow(entry))) }
        let edited = try SIDStore(path: db, access: .readOnly).loadTable().entries

        r = try SIDBuilderProcess.run(["sync", "--db", db])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        let expected = Self.health.map(Self.reportLine).joined()
        #expect(r.stdout.hasPrefix(expected), "\(r.stdout)")
        #expect(r.stdout.dropFirst(expected.count).hasPrefix("now regenerate the SQL"), "\(r.stdout)")

        // Every row the table had is as it was (409's name, 712 renumbered to 100700, not back at 712).
        let table = try SIDStore(path: db, access: .readOnly).loadTable()
        #expect(table.entries == (edited + Self.health).sorted { $0.sid < $1.sid })
        #expect(table.entry(sid: 409)?.name == "Halo: Portal login failed")
        #expect(table.entry(sid: 712) == nil && table.entry(sid: 100_700) != nil)

        let sql = try SIDBuilderProcess.run(["sql", "--db", db, "-o", dir.file("halo.sql")])
        #expect(sql.status == 0, "\(sql.stderr)")
        let sqlText = try String(contentsOfFile: dir.file("halo.sql"), encoding: .utf8)
        for entry in Self.health { #expect(sqlText.contains(Self.sqlRow(entry)), "SID \(entry.sid) not in the SQL") }
        // The health rows' field set is the catch-all `any`, whose rule takes every SID: the regenerated
        // plugin is the one of the same table before its health rows were deleted.
        #expect(Self.health.allSatisfy { $0.fieldSet == FieldSet.catchAllName })
        #expect(try SIDBuilderProcess.run(["plugin", "--db", db]).stdout == pluginWithRows)

        let again = try SIDBuilderProcess.run(["sync", "--db", db])
        #expect(again.status == 0 && again.stdout == "no unmapped types\n" && again.stderr.isEmpty, "\(again.stdout)\(again.stderr)")
        #expect(try SIDStore(path: db, access: .readOnly).loadTable() == table)
    }

    @Test("a seed SID another type holds is refused with its sentence (exit 65), the rest added; once renumbered, sync adds it")
    func refusesATakenSID() throws {
        let (dir, db) = try SIDBuilderProcess.database()
        try SIDBuilderProcess.editRaw(db, "DELETE FROM eventType WHERE sid IN (90001, 90003)")
        var r = try SIDBuilderProcess.run(["add", "--db", db, "--sid", "90001", "--type", "widget_failed", "--name", "Site: Widget failed"])
        try #require(r.status == 0, "\(r.stderr)")
        let holder = try #require(try SIDStore(path: db, access: .readOnly).loadTable().entry(sid: 90_001))
        let failed = try #require(Self.health.first { $0.sid == 90_001 })
        let stalled = try #require(Self.health.first { $0.sid == 90_003 })

        r = try SIDBuilderProcess.run(["sync", "--db", db])
        #expect(r.status == 65)
        #expect(r.stderr == """
            halo-sidbuilder: error: the built-in seed's SID 90001 for type halo_connector_account_failed (Halo: Connector account failed) \
            was not added: the table gives SID 90001 to Site: Widget failed (type widget_failed); renumber that one \
            (halo-sidbuilder set --db \(db) 90001 --sid N --force) and run sync again

            """, "\(r.stderr)")
        #expect(r.stdout.hasPrefix(Self.reportLine(stalled)), "\(r.stdout)")
        var table = try SIDStore(path: db, access: .readOnly).loadTable()
        #expect(table.entry(sid: 90_001) == holder)
        #expect(table.entry(type: failed.types[0]) == nil)
        #expect(table.entry(sid: 90_003) == stalled)

        // Refused again while the SID is taken, with nothing else to add.
        r = try SIDBuilderProcess.run(["sync", "--db", db])
        #expect(r.status == 65 && r.stdout == "no unmapped types\n" && r.stderr.contains("SID 90001 for type halo_connector_account_failed"))

        r = try SIDBuilderProcess.run(["set", "--db", db, "90001", "--sid", "100900", "--force"])
        try #require(r.status == 0, "\(r.stderr)")
        r = try SIDBuilderProcess.run(["sync", "--db", db])
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        #expect(r.stdout.hasPrefix(Self.reportLine(failed)), "\(r.stdout)")
        table = try SIDStore(path: db, access: .readOnly).loadTable()
        #expect(table.entry(sid: 90_001) == failed)
        #expect(table.entry(sid: 100_900)?.types == ["widget_failed"])
        _ = dir
    }
}
