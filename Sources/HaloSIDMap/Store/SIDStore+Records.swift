/// How an alias maps an event to a SID: by its `type` key, or by its lower-case `name`.
enum AliasKind: String, Sendable {
    case type
    case name
}

extension SIDStore {
    /// Every SID with the types and names it maps, in SID order.
    static func entries(_ db: SQLiteConnection, path: String) throws -> [SIDEntry] {
        var aliases: [Int: [(kind: AliasKind, key: String, position: Int)]] = [:]
        for alias in try db.rows("SELECT kind, key, sid, position FROM alias", [], { row in
            guard let kind = AliasKind(rawValue: row.text(0)) else {
                throw SIDMapError.notASIDDatabase(path: path, reason: "an alias of SID \(row.int(2)) is of the unknown kind `\(row.text(0))`")
            }
            return (sid: row.int(2), alias: (kind: kind, key: row.text(1), position: row.int(3)))
        }) {
            aliases[alias.sid, default: []].append(alias.alias)
        }
        return try db.rows("""
            SELECT sid, name, categoryID, subcategoryID, priority, reliability, elevated, fieldSet, leefCategory, connectorSID
            FROM eventType ORDER BY sid
            """) { row in
            let sorted = (aliases[row.int(0)] ?? []).sorted { $0.position < $1.position }
            return SIDEntry(
                sid: row.int(0), name: row.text(1),
                types: sorted.filter { $0.kind == .type }.map(\.key),
                legacyNames: sorted.filter { $0.kind == .name }.map(\.key),
                categoryID: row.int(2), subcategoryID: row.int(3), priority: row.int(4), reliability: row.int(5),
                elevated: row.int(6) != 0, fieldSet: row.text(7), leefCategory: row.optionalText(8), connectorSID: row.optionalInt(9))
        }
    }

    /// Inserts SIDs with the types and names they map (each alias keeps its position in the entry).
    static func insert(_ entries: [SIDEntry], _ db: SQLiteConnection) throws {
        let eventType = try db.prepare("""
            INSERT INTO eventType (sid, name, categoryID, subcategoryID, priority, reliability, elevated, fieldSet, leefCategory, connectorSID)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let alias = try db.prepare("INSERT INTO alias (kind, key, sid, position) VALUES (?, ?, ?, ?)")
        for entry in entries {
            try eventType.run([
                entry.sid, entry.name, entry.categoryID, entry.subcategoryID, entry.priority, entry.reliability,
                entry.elevated, entry.fieldSet, entry.leefCategory, entry.connectorSID,
            ])
            for (position, type) in entry.types.enumerated() {
                try alias.run([AliasKind.type.rawValue, type, entry.sid, position])
            }
            for (position, name) in entry.legacyNames.enumerated() {
                try alias.run([AliasKind.name.rawValue, name, entry.sid, position])
            }
        }
    }
}
