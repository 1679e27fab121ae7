/// A seed row ``SIDStore/addMissingSeedRows(from:)`` did not add, and why.
public struct SeedRowRefusal: Sendable, Hashable {
    /// Why a seed row was not added.
    public enum Reason: Sendable, Hashable {
        /// The table gives the row's SID to another type (or name): `holder`, as it is in the table.
        case sidTaken(by: SIDEntry)
        /// The row breaks a rule of the table as it is (``SIDEntryRules``), e.g. a field set it lacks.
        case problems([String])
    }

    /// The seed's row, as the seed has it.
    public var seedEntry: SIDEntry
    public var reason: Reason

    public init(seedEntry: SIDEntry, reason: Reason) {
        self.seedEntry = seedEntry
        self.reason = reason
    }
}

extension SIDStore {
    /// Adds every row of `seed` the table lacks: one none of whose types and legacy names the table maps,
    /// and whose SID the table does not have (a table made from an older seed lacks the rows added since,
    /// e.g. the connector's health SIDs 90000-90005). A row whose type or name the table maps is left as
    /// the table has it, however edited or renumbered; a row whose SID the table gives to something else,
    /// or that breaks a rule of the table, is not added but returned in `refused`. Clears what it maps
    /// from the unmapped table. One transaction; returns what it added, in SID order.
    public func addMissingSeedRows(from seed: SIDTable) throws -> (added: [SIDEntry], refused: [SeedRowRefusal]) {
        return try write { db in
            var table = try Self.loadTable(db, path: path)
            var added: [SIDEntry] = []
            var refused: [SeedRowRefusal] = []
            for entry in seed.entries {
                let mapped = entry.types.contains { table.entry(type: $0) != nil }
                    || entry.legacyNames.contains { table.entry(legacyName: $0) != nil }
                guard !mapped else { continue }
                if let holder = table.entry(sid: entry.sid) {
                    // A seed row that maps nothing (none has) is there when its SID is.
                    if !(entry.types.isEmpty && entry.legacyNames.isEmpty) {
                        refused.append(SeedRowRefusal(seedEntry: entry, reason: .sidTaken(by: holder)))
                    }
                    continue
                }
                let problems = SIDEntryRules.problems(of: entry, in: table)
                guard problems.isEmpty else {
                    refused.append(SeedRowRefusal(seedEntry: entry, reason: .problems(problems)))
                    continue
                }
                try Self.insert([entry], db)
                table.entries.append(entry)
                added.append(entry)
            }
            if !added.isEmpty { try Self.clearMappedUnmapped(db) }
            return (added, refused)
        }
    }
}
