import GRDB

extension SIDStore {
    /// The whole table as it is now (one consistent snapshot).
    public func loadTable() throws -> SIDTable {
        try translatingErrors {
            try reader.read { db in try Self.loadTable(db, path: path) }
        }
    }

    static func loadTable(_ db: Database, path: String) throws -> SIDTable {
        guard let plugin = try PluginRecord.fetchOne(db) else {
            throw SIDMapError.notASIDDatabase(path: path, reason: "it holds no plugin row")
        }
        let fieldSets = try FieldSetRecord.order(Column("position")).fetchAll(db).map { record in
            let fields = try record.fields.split(separator: ",").map { token in
                guard let field = PluginField(rawValue: String(token)) else {
                    throw SIDMapError.notASIDDatabase(path: path, reason: "field set \(record.name) names an unknown field `\(token)`")
                }
                return field
            }
            return FieldSet(name: record.name, fields: fields)
        }
        let aliases = Dictionary(grouping: try AliasRecord.fetchAll(db), by: \.sid)
        let entries = try EventTypeRecord.order(Column("sid")).fetchAll(db).map { $0.entry(aliases: aliases[$0.sid] ?? []) }
        let info = PluginInfo(
            id: plugin.pluginID, name: plugin.name, description: plugin.description,
            productType: plugin.productType, vendor: plugin.vendor)
        return SIDTable(plugin: info, fieldSets: fieldSets, entries: entries)
    }

    /// Replaces the plugin row, field sets and every SID with `table`, in one transaction. Unmapped
    /// types that the new table maps are cleared; the others are kept.
    /// - Throws: ``SIDMapError/refused(_:)`` for a table with ``TableChecker/sqlProblems(_:)`` (the store
    ///   then stays as it was): the table never takes in what `sql` could not write.
    public func replaceTable(with table: SIDTable) throws {
        try TableChecker.refuseSQLProblems(table)
        try write { db in
            try AliasRecord.deleteAll(db)
            try EventTypeRecord.deleteAll(db)
            try FieldSetRecord.deleteAll(db)
            try PluginRecord.deleteAll(db)
            let plugin = table.plugin
            try PluginRecord(
                pluginID: plugin.id, name: plugin.name, description: plugin.description,
                productType: plugin.productType, vendor: plugin.vendor
            ).insert(db)
            for (position, set) in table.fieldSets.enumerated() {
                try FieldSetRecord(name: set.name, fields: set.fields.map(\.rawValue).joined(separator: ","), position: position).insert(db)
            }
            for entry in table.entries {
                try Self.insert(entry, db)
            }
            try Self.clearMappedUnmapped(db)
        }
    }

    static func insert(_ entry: SIDEntry, _ db: Database) throws {
        try EventTypeRecord(entry).insert(db)
        for alias in AliasRecord.records(for: entry) {
            try alias.insert(db)
        }
    }

    /// Drops unmapped rows whose type or name the table now maps.
    static func clearMappedUnmapped(_ db: Database) throws {
        try db.execute(sql: """
            DELETE FROM unmapped WHERE EXISTS (SELECT 1 FROM alias WHERE alias.kind = unmapped.kind AND alias.key = unmapped.key)
            """)
    }
}
