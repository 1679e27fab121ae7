#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SIDStore {
    /// Adds a run's unmapped sightings to the unmapped table (counts add up, first/last seen widen).
    /// Types the table maps by now (an admin ran `sync` meanwhile) are skipped. One short transaction;
    /// waits up to ``busyTimeout`` for a builder that is writing at the same moment.
    public func recordUnmapped(_ sightings: [UnmappedSighting]) throws {
        guard !sightings.isEmpty else { return }
        try write { db in
            let mapped = try db.prepare("SELECT COUNT(*) FROM alias WHERE kind = ? AND key = ?")
            let recorded = try db.prepare(
                "SELECT name, \(UnmappedDate.read("firstSeen")), \(UnmappedDate.read("lastSeen")), count FROM unmapped WHERE kind = ? AND key = ?")
            let save = try db.prepare("""
                INSERT OR REPLACE INTO unmapped (kind, key, name, firstSeen, lastSeen, count)
                VALUES (?, ?, ?, \(UnmappedDate.written), \(UnmappedDate.written), ?)
                """)
            for sighting in sightings {
                guard let (kind, key) = sighting.key, sighting.count > 0 else { continue }
                if try mapped.rows([kind.rawValue, key], { $0.int(0) }).first ?? 0 > 0 { continue }
                var record = try recorded.rows([kind.rawValue, key]) { row in
                    UnmappedSighting(
                        type: nil, name: row.optionalText(0), count: row.int(3),
                        firstSeen: try UnmappedDate.date(row, 1, path: path), lastSeen: try UnmappedDate.date(row, 2, path: path))
                }.first ?? UnmappedSighting(type: nil, name: nil, count: 0, firstSeen: sighting.firstSeen, lastSeen: sighting.lastSeen)
                record.count += sighting.count
                record.firstSeen = min(record.firstSeen, sighting.firstSeen)
                record.lastSeen = max(record.lastSeen, sighting.lastSeen)
                if let name = sighting.name { record.name = name }
                try save.run([
                    kind.rawValue, key, record.name, record.firstSeen.timeIntervalSince1970, record.lastSeen.timeIntervalSince1970,
                    record.count,
                ])
            }
        }
    }

    /// The unmapped table, most recently seen first.
    public func unmappedSightings() throws -> [UnmappedSighting] {
        try read { db in
            try db.rows("""
                SELECT kind, key, name, count, \(UnmappedDate.read("firstSeen")), \(UnmappedDate.read("lastSeen"))
                FROM unmapped ORDER BY lastSeen DESC, key
                """) { row in
                let kind = row.text(0)
                return UnmappedSighting(
                    type: kind == AliasKind.type.rawValue ? row.text(1) : nil,
                    name: row.optionalText(2) ?? (kind == AliasKind.name.rawValue ? row.text(1) : nil),
                    count: row.int(3), firstSeen: try UnmappedDate.date(row, 4, path: path),
                    lastSeen: try UnmappedDate.date(row, 5, path: path))
            }
        }
    }

    /// Gives every unmapped type a SID (the next ones in ``SIDRanges/sync``), a display name, a taxonomy
    /// guess (Info/Misc when unsure), the catch-all field set and normal priority, and clears it from
    /// the unmapped table. One transaction; returns what it added, in SID order. Types OSSIM cannot store
    /// (see ``SIDEntryRules/problems(of:in:taxonomy:)``) are left in the unmapped table.
    public func syncUnmapped() throws -> [SIDEntry] {
        return try write { db in
            let table = try Self.loadTable(db, path: path)
            let names = Set(table.entries.map(\.name))
            var added: [SIDEntry] = []
            let records = try db.rows("SELECT kind, key, name FROM unmapped ORDER BY firstSeen, key") { row in
                (kind: row.text(0), key: row.text(1), name: row.optionalText(2))
            }
            for record in records {
                let type = record.kind == AliasKind.type.rawValue ? record.key : nil
                let haloName = record.name ?? (record.kind == AliasKind.name.rawValue ? record.key : nil)
                var name = TypeNaming.displayName(type: type, haloName: haloName)
                if names.contains(name) || added.contains(where: { $0.name == name }) {
                    name += " (\(record.key))"
                }
                let taxonomy = TypeNaming.guessTaxonomy(type: type, haloName: haloName)
                let entry = SIDEntry(
                    sid: try Self.nextSyncSID(db), name: name,
                    types: type.map { [$0] } ?? [], legacyNames: type == nil ? [record.key] : [],
                    categoryID: taxonomy.categoryID, subcategoryID: taxonomy.subcategoryID)
                // A type OSSIM cannot store (a control character, a character outside the BMP, more than 255
                // characters: a hostile or broken API answer) stays unmapped with the generic SID; it must
                // not keep every other type from getting its SID.
                guard SIDEntryRules.problems(of: entry, in: table).isEmpty else { continue }
                try SIDEntryRules.validate(entry, in: table, replacing: nil)
                try Self.insert([entry], db)
                try db.run("DELETE FROM unmapped WHERE kind = ? AND key = ?", [record.kind, record.key])
                added.append(entry)
            }
            return added
        }
    }
}

/// How the unmapped table keeps its dates: as text, `YYYY-MM-DD HH:MM:SS.SSS` in UTC (the form GRDB
/// wrote), converted by SQLite's own date functions.
private enum UnmappedDate {
    /// The SQL that stores a bound number of seconds since 1970 (milliseconds kept).
    static let written = "strftime('%Y-%m-%d %H:%M:%f', ?, 'unixepoch')"

    /// The SQL that reads `column` as whole milliseconds since 1970 (NULL when it is no date).
    static func read(_ column: String) -> String {
        "CAST(round((julianday(\(column)) - 2440587.5) * 86400000) AS INTEGER)"
    }

    /// The date in `column` of `row`, read by ``read(_:)``.
    /// - Throws: ``SIDMapError/notASIDDatabase(path:reason:)`` when it held no date.
    static func date(_ row: SQLiteRow, _ column: Int32, path: String) throws -> Date {
        guard let milliseconds = row.optionalInt(column) else {
            throw SIDMapError.notASIDDatabase(path: path, reason: "the unmapped table holds a date SQLite cannot read")
        }
        return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
