import Foundation
import HaloTesting

/// A real MariaDB holding OSSIM's `alienvault` tables (../shared/reference/ossim-schema.sql) and taxonomy
/// rows, and an `ossim-db` command for it: the `mariadb` client logged into `alienvault`, as on an appliance.
final class OSSIMDatabase: Sendable {
    let server: MariaDBServer

    init() throws {
        server = try MariaDBServer()
        try server.execute("CREATE DATABASE alienvault")
        try server.load(file: TestPaths.shared.appendingPathComponent("reference/ossim-schema.sql").path, database: "alienvault")
        try server.execute(try OSSIMDatabase.taxonomySQL(), database: "alienvault")
    }

    /// The `ossim-db` script: pipes its standard input into the `alienvault` database.
    var ossimDBScript: String {
        "#!/bin/sh\nexec /usr/bin/mariadb --no-defaults --socket='\(server.socket)' -uroot alienvault \"$@\"\n"
    }

    /// Rows of a query on `alienvault`.
    func query(_ sql: String) throws -> [[String]] { try server.query(sql, database: "alienvault") }

    /// `INSERT`s of the product types, categories and subcategories of data/ossim-taxonomy.tsv.
    private static func taxonomySQL() throws -> String {
        let text = try String(contentsOf: TestPaths.shared.appendingPathComponent("data/ossim-taxonomy.tsv"), encoding: .utf8)
        var sql = ""
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("table\t") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 4, let id = Int(f[1]) else { continue }
            let name = f[3].replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''")
            switch f[0] {
            case "product_type": sql += "INSERT INTO product_type (id, name) VALUES (\(id), '\(name)');\n"
            case "category": sql += "INSERT INTO category (id, ctx, name) VALUES (\(id), UNHEX(REPEAT('00', 16)), '\(name)');\n"
            case "subcategory":
                guard let category = Int(f[2]) else { continue }
                sql += "INSERT INTO subcategory (id, ctx, cat_id, name) VALUES (\(id), UNHEX(REPEAT('00', 16)), \(category), '\(name)');\n"
            default: continue
            }
        }
        return sql
    }
}
