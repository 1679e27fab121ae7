import Foundation
import HaloTesting
import Testing
@testable import HaloSIDMap

/// The generated SQL loaded into a real MariaDB server holding OSSIM's tables, as `ossim-db` loads it.
@Suite("cloudpassage-halo.sql in MariaDB", .serialized)
struct MariaDBTests {
    static func alienvault() throws -> MariaDBServer {
        let server = try MariaDBServer()
        try server.execute("CREATE DATABASE alienvault")
        try server.load(file: TestPaths.shared.appendingPathComponent("reference/ossim-schema.sql").path, database: "alienvault")
        var taxonomy = ""
        let t = OSSIMTaxonomy.builtIn
        for (id, name) in t.productTypes.sorted(by: { $0.key < $1.key }) {
            taxonomy += "INSERT INTO product_type (id, name) VALUES (\(id), \(MySQLString.literal(name)));\n"
        }
        for c in t.categories.values.sorted(by: { $0.id < $1.id }) {
            taxonomy += "INSERT INTO category (id, ctx, name) VALUES (\(c.id), UNHEX('00'), \(MySQLString.literal(c.name)));\n"
        }
        for s in t.subcategories.values.sorted(by: { $0.id < $1.id }) {
            taxonomy += "INSERT INTO subcategory (id, ctx, cat_id, name) VALUES (\(s.id), UNHEX('00'), \(s.categoryID), \(MySQLString.literal(s.name)));\n"
        }
        try server.execute(taxonomy, database: "alienvault")
        return server
    }

    static func hex(_ text: String) -> String { Data(text.utf8).map { String(format: "%02X", $0) }.joined() }

    @Test("loaded twice: one plugin row, one row per SID, elevated SIDs at 3/3, real taxonomy ids")
    func committedSQL() throws {
        let server = try Self.alienvault()
        let table = SIDSeed.builtIn
        for _ in 1...2 {
            try server.load(file: RepoFile.path(RepoFile.sql), database: "alienvault")
        }
        #expect(try server.query("SELECT id, type, name, product_type FROM plugin", database: "alienvault")
                == [["9876", "1", "cloudpassage-halo", "9"]])
        #expect(try server.query("SELECT COUNT(*) FROM plugin_sid WHERE plugin_id = 9876", database: "alienvault")
                == [[String(table.entries.count)]])
        let elevated = try server.query("SELECT sid FROM plugin_sid WHERE plugin_id = 9876 AND priority = 3 AND reliability = 3 ORDER BY sid", database: "alienvault")
        #expect(elevated.map { Int($0[0])! } == table.entries.filter(\.elevated).map(\.sid))
        #expect(elevated.count == 19)
        let joined = try server.query("""
            SELECT COUNT(*) FROM plugin_sid p JOIN category c ON c.id = p.category_id
              JOIN subcategory s ON s.id = p.subcategory_id AND s.cat_id = p.category_id WHERE p.plugin_id = 9876
            """, database: "alienvault")
        #expect(joined == [[String(table.entries.count)]])
        let rows = try server.query("SELECT sid, category_id, subcategory_id, priority, reliability, HEX(name) FROM plugin_sid WHERE plugin_id = 9876 ORDER BY sid", database: "alienvault")
        #expect(rows == table.entries.map { e in
            [String(e.sid), String(e.categoryID), String(e.subcategoryID), String(e.priority), String(e.reliability), Self.hex(e.name)]
        })
    }

    @Test("a name holding ' \" \\ ; a newline and non-ASCII arrives intact; NUL and Ctrl-Z literals too")
    func hostileName() throws {
        let server = try Self.alienvault()
        let dir = try TemporaryDirectory("mariadb-sql")
        let store = try SIDStore.create(path: dir.file("sid.sqlite"), table: SIDSeed.builtIn)
        let hostile = "Halo: it's \"quoted\" \\ back\\slash; DROP TABLE plugin; --\nsecond line é 日本"
        try store.add(SIDEntry(sid: 100_000, name: hostile, types: ["hostile_type"], categoryID: 10, subcategoryID: 71))
        let sql = try OSSIMSQLGenerator.sql(for: try store.loadTable())
        try sql.write(toFile: dir.file("halo.sql"), atomically: true, encoding: .utf8)
        try server.load(file: dir.file("halo.sql"), database: "alienvault")
        try server.load(file: dir.file("halo.sql"), database: "alienvault")
        #expect(try server.query("SELECT HEX(name) FROM plugin_sid WHERE plugin_id = 9876 AND sid = 100000", database: "alienvault")
                == [[Self.hex(hostile)]])
        #expect(try server.query("SELECT COUNT(*) FROM plugin", database: "alienvault") == [["1"]])
        let raw = "a\u{0}b\u{1A}c\r\td\u{8}"
        #expect(try server.query("SELECT HEX(\(MySQLString.literal(raw)))") == [[Self.hex(raw)]])
    }

    @Test("check's limits are MariaDB's: VARCHAR counts characters, TEXT bytes; one over, INSERT IGNORE cuts without an error")
    func columnLimits() throws {
        let server = try Self.alienvault()
        let dir = try TemporaryDirectory("mariadb-sql")
        let euro = "\u{20AC}"  // 3 bytes in utf8
        var table = SIDSeed.builtIn
        table.plugin.name = String(repeating: euro, count: 100)
        table.plugin.description = String(repeating: euro, count: 21_845)
        table.plugin.vendor = String(repeating: "v", count: 65_535)
        let login = try #require(table.entries.firstIndex { $0.sid == 409 })
        table.entries[login].name = String(repeating: euro, count: 512)
        #expect(TableChecker.check(table).problems == [])
        try OSSIMSQLGenerator.sql(for: table).write(toFile: dir.file("halo.sql"), atomically: true, encoding: .utf8)
        try server.load(file: dir.file("halo.sql"), database: "alienvault")
        #expect(try server.query("SELECT HEX(name), HEX(description), HEX(vendor) FROM plugin", database: "alienvault")
                == [[Self.hex(table.plugin.name), Self.hex(table.plugin.description), Self.hex(table.plugin.vendor)]])
        #expect(try server.query("SELECT HEX(name) FROM plugin_sid WHERE plugin_id = 9876 AND sid = 409", database: "alienvault")
                == [[Self.hex(table.entries[login].name)]])
        // One character or byte more, which check reports and sql refuses: MariaDB takes the rows, cut.
        try server.execute("""
            INSERT IGNORE INTO plugin (id, type, name, description, product_type, vendor) VALUES (9877, 1, \(MySQLString.literal(String(repeating: euro, count: 101))), \(MySQLString.literal(String(repeating: euro, count: 21_846))), 9, \(MySQLString.literal(String(repeating: "v", count: 65_536))));
            INSERT IGNORE INTO plugin_sid (plugin_id, sid, category_id, subcategory_id, class_id, reliability, priority, name) VALUES (9877, 1, 10, 71, NULL, 1, 1, \(MySQLString.literal(String(repeating: euro, count: 513))));
            """, database: "alienvault")
        #expect(try server.query("SELECT CHAR_LENGTH(name), LENGTH(description), LENGTH(vendor) FROM plugin WHERE id = 9877", database: "alienvault")
                == [["100", "65535", "65535"]])
        #expect(try server.query("SELECT CHAR_LENGTH(name) FROM plugin_sid WHERE plugin_id = 9877", database: "alienvault") == [["512"]])
    }
}
