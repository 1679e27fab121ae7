/// A change to one SID (`halo-sidbuilder set`): every property left `nil` stays as it is.
public struct SIDChange: Sendable, Hashable {
    /// A new number for the SID (only with `force`: OSSIM keeps history under the old one).
    public var newSID: Int?
    public var name: String?
    public var categoryID: Int?
    public var subcategoryID: Int?
    /// Put on (`true`) or take off (`false`) the elevation list. Unless ``priority``/``reliability`` are
    /// given too, elevating sets them to 3/3 and unelevating to 1/1.
    public var elevated: Bool?
    public var priority: Int?
    public var reliability: Int?
    public var fieldSet: String?
    /// Type keys to map to this SID as well.
    public var addTypes: [String] = []
    /// Legacy names to map to this SID as well.
    public var addLegacyNames: [String] = []
    /// Type keys or legacy names to unmap from this SID.
    public var removeAliases: [String] = []

    public init() {}
}

extension SIDStore {
    /// Adds a SID. Refuses an existing SID, one outside 1...2147483647, and types or names another SID
    /// already maps (renumbering those takes `set --sid … --force`).
    public func add(_ entry: SIDEntry) throws {
        try write { db in
            let table = try Self.loadTable(db, path: path)
            if let existing = table.entry(sid: entry.sid) {
                throw SIDMapError.refused(.sidExists(sid: entry.sid, name: existing.name))
            }
            var normalized = entry
            normalized.legacyNames = entry.legacyNames.map { $0.lowercased() }
            try SIDEntryRules.validate(normalized, in: table, replacing: nil)
            try Self.insert([normalized], db)
            try Self.clearMappedUnmapped(db)
        }
    }

    /// Changes one SID and returns it as it is now.
    public func update(sid: Int, _ change: SIDChange, force: Bool = false) throws -> SIDEntry {
        return try write { db in
            let table = try Self.loadTable(db, path: path)
            guard let old = table.entry(sid: sid) else { throw SIDMapError.notFound(.sid(sid)) }
            let new = try Self.applying(change, to: old, in: table, force: force)
            try SIDEntryRules.validate(new, in: table, replacing: old.sid)
            try db.run("DELETE FROM alias WHERE sid = ?", [old.sid])
            try db.run("DELETE FROM eventType WHERE sid = ?", [old.sid])
            try Self.insert([new], db)
            try Self.clearMappedUnmapped(db)
            return new
        }
    }

    static func applying(_ change: SIDChange, to old: SIDEntry, in table: SIDTable, force: Bool) throws -> SIDEntry {
        var new = old
        if let newSID = change.newSID, newSID != old.sid {
            guard old.sid != SIDRanges.generic else {
                throw SIDMapError.refused(.genericSIDRenumbered)
            }
            guard force else {
                throw SIDMapError.refused(.renumberingNeedsForce(sid: old.sid, newSID: newSID))
            }
            if let taken = table.entry(sid: newSID) {
                throw SIDMapError.refused(.sidExists(sid: newSID, name: taken.name))
            }
            new.sid = newSID
        }
        if let name = change.name { new.name = name }
        if let category = change.categoryID { new.categoryID = category }
        if let subcategory = change.subcategoryID { new.subcategoryID = subcategory }
        if let elevated = change.elevated {
            new.elevated = elevated
            new.priority = elevated ? SIDEntry.elevatedPriority : SIDEntry.normalPriority
            new.reliability = elevated ? SIDEntry.elevatedReliability : SIDEntry.normalReliability
        }
        if let priority = change.priority { new.priority = priority }
        if let reliability = change.reliability { new.reliability = reliability }
        if let fieldSet = change.fieldSet { new.fieldSet = fieldSet }
        for alias in change.removeAliases {
            let lower = alias.lowercased()
            guard new.types.contains(alias) || new.legacyNames.contains(lower) else {
                throw SIDMapError.notFound(.alias(sid: old.sid, alias: alias))
            }
            new.types.removeAll { $0 == alias }
            new.legacyNames.removeAll { $0 == lower }
        }
        new.types += change.addTypes.filter { !new.types.contains($0) }
        new.legacyNames += change.addLegacyNames.map { $0.lowercased() }.filter { !new.legacyNames.contains($0) }
        return new
    }

    /// Removes a SID and the types and names it maps (the generic SID cannot be removed).
    public func remove(sid: Int) throws -> SIDEntry {
        return try write { db in
            guard sid != SIDRanges.generic else {
                throw SIDMapError.refused(.genericSIDRemoved)
            }
            let table = try Self.loadTable(db, path: path)
            guard let entry = table.entry(sid: sid) else { throw SIDMapError.notFound(.sid(sid)) }
            // Its aliases go with it (ON DELETE CASCADE).
            try db.run("DELETE FROM eventType WHERE sid = ?", [sid])
            return entry
        }
    }

    /// The SID `add` and `sync` give when none is asked for: one above the highest SID in
    /// ``SIDRanges/sync`` (or its first SID).
    public func nextSyncSID() throws -> Int {
        try read { db in try Self.nextSyncSID(db) }
    }

    static func nextSyncSID(_ db: SQLiteConnection) throws -> Int {
        let highest = try db.rows(
            "SELECT MAX(sid) FROM eventType WHERE sid BETWEEN ? AND ?", [SIDRanges.sync.lowerBound, SIDRanges.sync.upperBound]
        ) { $0.optionalInt(0) }.first ?? nil
        guard let highest else { return SIDRanges.sync.lowerBound }
        guard highest < SIDRanges.sync.upperBound else {
            throw SIDMapError.refused(.syncRangeFull)
        }
        return highest + 1
    }
}
