import Foundation
import GRDB
import HaloModel
import HaloTesting
import Testing
@testable import HaloSIDMap

@Suite("SIDStore")
struct SIDStoreTests {
    @Test("init from the seed, then export, gives the seed back byte for byte")
    func roundTrip() throws {
        let dir = try TemporaryDirectory("store")
        let store = try SIDStore.create(path: dir.file("sid.sqlite"), table: SIDSeed.builtIn)
        #expect(SeedFormat.format(try store.loadTable()) == SIDSeed.builtInText)
        let reopened = try SIDStore(path: dir.file("sid.sqlite"), access: .readOnly)
        #expect(try reopened.loadTable() == SIDSeed.builtIn)
    }

    @Test("the database is in rollback-journal mode (readers leave no -wal/-shm) with the SID application id")
    func journalModeAndApplicationID() throws {
        let dir = try TemporaryDirectory("store")
        _ = try SIDStore.create(path: dir.file("sid.sqlite"), table: SIDSeed.builtIn)
        let queue = try DatabaseQueue(path: dir.file("sid.sqlite"))
        let (mode, id) = try queue.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int32.fetchOne(db, sql: "PRAGMA application_id"))
        }
        #expect(mode == "delete")
        #expect(id == SIDStore.applicationID)
    }

    @Test("unmapped sightings add up, widen first/last seen, and skip what the table maps")
    func recordUnmapped() throws {
        let dir = try TemporaryDirectory("store")
        let store = try SIDStore.create(path: dir.file("sid.sqlite"), table: SIDSeed.builtIn)
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)
        try store.recordUnmapped([
            UnmappedSighting(type: "new_type", name: "New type", count: 3, firstSeen: t0, lastSeen: t0.addingTimeInterval(10)),
            UnmappedSighting(type: "halo_login_failure", name: "mapped", count: 1, firstSeen: t0, lastSeen: t0),
            UnmappedSighting(type: nil, name: "Some Old Name", count: 2, firstSeen: t0, lastSeen: t0),
        ])
        try store.recordUnmapped([
            UnmappedSighting(type: "new_type", name: "New type v2", count: 2, firstSeen: t0.addingTimeInterval(-5), lastSeen: t0.addingTimeInterval(5)),
        ])
        let sightings = try store.unmappedSightings()
        #expect(sightings.count == 2)
        let newType = try #require(sightings.first { $0.type == "new_type" })
        #expect(newType.count == 5 && newType.name == "New type v2")
        #expect(abs(newType.firstSeen.timeIntervalSince(t0.addingTimeInterval(-5))) < 0.01)
        #expect(abs(newType.lastSeen.timeIntervalSince(t0.addingTimeInterval(10))) < 0.01)
        #expect(sightings.contains { $0.type == nil && $0.name == "Some Old Name" && $0.count == 2 })
    }

    @Test("UnmappedTally counts only unmapped events, by type (else name), with their created_at span")
    func tally() throws {
        let resolver = SIDResolver.builtIn
        var tally = UnmappedTally()
        let events: [[String: JSONValue]] = [
            ["type": .string("halo_login_failure"), "created_at": .string("2016-08-22T16:24:30.726Z")],
            ["type": .string("new_one"), "name": .string("New one"), "created_at": .string("2016-08-22T16:24:30.726Z")],
            ["type": .string("new_one"), "name": .string("New one!"), "created_at": .string("2016-08-21T00:00:00Z")],
            ["name": .string("Old Unknown"), "created_at": .string("bogus")],
            [:],
        ]
        let seen = Date(timeIntervalSince1970: 1_800_000_000)
        for fields in events {
            let event = HaloEvent(fields: fields)
            tally.note(event, classification: resolver.classify(event), seenAt: seen)
        }
        let all = tally.all
        #expect(all.count == 2)
        #expect(all[0].type == "new_one" && all[0].count == 2 && all[0].name == "New one!")
        #expect(all[0].firstSeen == Date(timeIntervalSince1970: 1_471_737_600))
        #expect(all[0].lastSeen == Date(timeIntervalSince1970: 1_471_883_070.726))
        #expect(all[1].type == nil && all[1].name == "Old Unknown" && all[1].firstSeen == seen)
    }

    @Test("sync gives unmapped types the next SIDs of the sync range, guesses, and clears them")
    func sync() throws {
        let dir = try TemporaryDirectory("store")
        let store = try SIDStore.create(path: dir.file("sid.sqlite"), table: SIDSeed.builtIn)
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)
        try store.recordUnmapped([
            UnmappedSighting(type: "widget_login_failure", name: nil, count: 1, firstSeen: t0, lastSeen: t0),
            UnmappedSighting(type: "widget_frobnicated", name: "Widget frobnicated", count: 1, firstSeen: t0.addingTimeInterval(1), lastSeen: t0),
            UnmappedSighting(type: nil, name: "Old Thing Happened", count: 1, firstSeen: t0.addingTimeInterval(2), lastSeen: t0),
        ])
        let added = try store.syncUnmapped()
        #expect(added.map(\.sid) == [100_000, 100_001, 100_002])
        #expect(added[0].name == "Halo: Widget login failure" && added[0].categoryID == 2 && added[0].subcategoryID == 25)
        #expect(added[1].name == "Halo: Widget frobnicated" && added[1].categoryID == 10 && added[1].subcategoryID == 71)
        #expect(added[2].legacyNames == ["old thing happened"] && added[2].types.isEmpty)
        #expect(try store.unmappedSightings().isEmpty)
        #expect(try store.syncUnmapped().isEmpty)
        // Stable: a later sync continues above the highest SID of the range.
        try store.recordUnmapped([UnmappedSighting(type: "later", name: nil, count: 1, firstSeen: t0, lastSeen: t0)])
        #expect(try store.syncUnmapped().map(\.sid) == [100_003])
        #expect(TableChecker.check(try store.loadTable()).problems == [])
    }

    @Test("edits refuse duplicates, ranges, alias conflicts and renumbering without force, leaving the table as it was")
    func refusals() throws {
        let dir = try TemporaryDirectory("store")
        let store = try SIDStore.create(path: dir.file("sid.sqlite"), table: SIDSeed.builtIn)
        let before = try store.loadTable()
        func refused(_ body: () throws -> Void) {
            #expect { try body() } throws: { error in
                if case SIDMapError.refused = error { return true }
                return false
            }
        }
        refused { try store.add(SIDEntry(sid: 409, name: "Halo: dup", categoryID: 10, subcategoryID: 71)) }
        refused { try store.add(SIDEntry(sid: 0, name: "Halo: zero", categoryID: 10, subcategoryID: 71)) }
        refused { try store.add(SIDEntry(sid: 2_147_483_648, name: "Halo: big", categoryID: 10, subcategoryID: 71)) }
        refused { try store.add(SIDEntry(sid: 5, name: "Halo: x", types: ["halo_login_failure"], categoryID: 10, subcategoryID: 71)) }
        refused { try store.add(SIDEntry(sid: 5, name: "Halo: x", legacyNames: ["HALO LOGIN FAILURE"], categoryID: 10, subcategoryID: 71)) }
        refused { try store.add(SIDEntry(sid: 5, name: "Halo: x", categoryID: 10, subcategoryID: 25)) }
        refused { try store.add(SIDEntry(sid: 5, name: String(repeating: "x", count: 513), categoryID: 10, subcategoryID: 71)) }
        refused { try store.add(SIDEntry(sid: 5, name: "Halo: \u{1F600}", categoryID: 10, subcategoryID: 71)) }
        refused { try store.add(SIDEntry(sid: 5, name: "Halo: a\u{0}b", categoryID: 10, subcategoryID: 71)) }
        var renumber = SIDChange()
        renumber.newSID = 99
        refused { _ = try store.update(sid: 409, renumber) }
        refused { _ = try store.update(sid: 409, renumber.with { $0.newSID = 413 }, force: true) }
        refused { _ = try store.update(sid: 2_000_000_000, renumber, force: true) }
        refused { _ = try store.remove(sid: 2_000_000_000) }
        var steal = SIDChange()
        steal.addTypes = ["halo_login_success"]
        refused { _ = try store.update(sid: 409, steal) }
        #expect(try store.loadTable() == before)
    }

    @Test("set elevates to 3/3, unelevates to 1/1, renumbers with force; remove drops the aliases")
    func edits() throws {
        let dir = try TemporaryDirectory("store")
        let store = try SIDStore.create(path: dir.file("sid.sqlite"), table: SIDSeed.builtIn)
        var elevate = SIDChange()
        elevate.elevated = true
        let e = try store.update(sid: 712, elevate)
        #expect(e.elevated && e.priority == 3 && e.reliability == 3)
        var down = SIDChange()
        down.elevated = false
        down.reliability = 2
        let d = try store.update(sid: 712, down)
        #expect(!d.elevated && d.priority == 1 && d.reliability == 2)
        var move = SIDChange()
        move.newSID = 5712
        let m = try store.update(sid: 712, move, force: true)
        #expect(m.sid == 5712 && m.types == ["daemon_compromised"] && m.legacyNames == ["daemon compromised"])
        #expect(SIDResolver(table: try store.loadTable()).classify(.init(fields: ["type": .string("daemon_compromised")])).sid == 5712)
        _ = try store.remove(sid: 5712)
        #expect(try store.loadTable().entry(type: "daemon_compromised") == nil)
        try store.add(SIDEntry(sid: 712, name: "Halo: Daemon compromised", types: ["daemon_compromised"], categoryID: 15, subcategoryID: 173))
        #expect(try store.loadTable().entry(sid: 712)?.types == ["daemon_compromised"])
    }

    @Test("a missing file, an empty file, garbage, and another program's SQLite file are refused untouched")
    func refusesWrongFiles() throws {
        let dir = try TemporaryDirectory("store")
        #expect(throws: SIDMapError.databaseMissing(path: dir.file("none.sqlite"))) {
            try SIDStore(path: dir.file("none.sqlite"))
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file("none.sqlite")))
        let garbage = Data("this is not a database, just text\n".utf8) + Data(repeating: 0x41, count: 5000)
        try garbage.write(to: URL(fileURLWithPath: dir.file("garbage.sqlite")))
        try Data().write(to: URL(fileURLWithPath: dir.file("empty.sqlite")))
        let other = try DatabaseQueue(path: dir.file("other.sqlite"))
        try other.write { try $0.execute(sql: "CREATE TABLE t(x); INSERT INTO t VALUES (1)") }
        let otherBytes = try Data(contentsOf: URL(fileURLWithPath: dir.file("other.sqlite")))
        for name in ["garbage.sqlite", "empty.sqlite", "other.sqlite"] {
            #expect { try SIDStore(path: dir.file(name)) } throws: { error in
                if case SIDMapError.notASIDDatabase = error { return true }
                return false
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.file("garbage.sqlite"))) == garbage)
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.file("other.sqlite"))) == otherBytes)
    }

    @Test("init over an existing database is refused unless forced; forced, it keeps the unmapped types")
    func initOverExisting() throws {
        let dir = try TemporaryDirectory("store")
        let store = try SIDStore.create(path: dir.file("sid.sqlite"), table: SIDSeed.builtIn)
        let now = Date()
        try store.recordUnmapped([UnmappedSighting(type: "t1", name: nil, count: 1, firstSeen: now, lastSeen: now)])
        #expect(throws: SIDMapError.databaseExists(path: dir.file("sid.sqlite"))) {
            _ = try SIDStore.create(path: dir.file("sid.sqlite"), table: SIDSeed.builtIn)
        }
        var smaller = SIDSeed.builtIn
        smaller.entries.removeAll { $0.sid == 409 }
        let replaced = try SIDStore.create(path: dir.file("sid.sqlite"), table: smaller, replacing: true)
        #expect(try replaced.loadTable() == smaller)
        #expect(try replaced.unmappedSightings().map(\.type) == ["t1"])
    }
}

extension SIDChange {
    func with(_ change: (inout SIDChange) -> Void) -> SIDChange {
        var copy = self
        change(&copy)
        return copy
    }
}
