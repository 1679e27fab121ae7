import GRDB

extension SIDStore {
    /// Adds a run's unmapped sightings to the unmapped table (counts add up, first/last seen widen).
    /// Types the table maps by now (an admin ran `sync` meanwhile) are skipped. One short transaction;
    /// waits up to ``busyTimeout`` for a builder that is writing at the same moment.
    public func recordUnmapped(_ sightings: [UnmappedSighting]) throws {
        guard !sightings.isEmpty else { return }
        try write { db in
            for sighting in sightings {
                guard let (kind, key) = sighting.key, sighting.count > 0 else { continue }
                let mapped = try AliasRecord.filter(Column("kind") == kind.rawValue && Column("key") == key).fetchCount(db) > 0
                if mapped { continue }
                var record = try UnmappedRecord.filter(Column("kind") == kind.rawValue && Column("key") == key).fetchOne(db)
                    ?? UnmappedRecord(kind: kind, key: key, name: nil, firstSeen: sighting.firstSeen, lastSeen: sighting.lastSeen, count: 0)
                record.count += sighting.count
                record.firstSeen = min(record.firstSeen, sighting.firstSeen)
                record.lastSeen = max(record.lastSeen, sighting.lastSeen)
                if let name = sighting.name { record.name = name }
                try record.save(db)
            }
        }
    }

    /// The unmapped table, most recently seen first.
    public func unmappedSightings() throws -> [UnmappedSighting] {
        try translatingErrors {
            try reader.read { db in
                try UnmappedRecord.order(Column("lastSeen").desc, Column("key")).fetchAll(db).map {
                    UnmappedSighting(
                        type: $0.kind == .type ? $0.key : nil, name: $0.name ?? ($0.kind == .name ? $0.key : nil),
                        count: $0.count, firstSeen: $0.firstSeen, lastSeen: $0.lastSeen)
                }
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
            for record in try UnmappedRecord.order(Column("firstSeen"), Column("key")).fetchAll(db) {
                let type = record.kind == .type ? record.key : nil
                let haloName = record.name ?? (record.kind == .name ? record.key : nil)
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
                try Self.insert(entry, db)
                try record.delete(db)
                added.append(entry)
            }
            return added
        }
    }
}
