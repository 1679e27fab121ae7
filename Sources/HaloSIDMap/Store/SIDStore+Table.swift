extension SIDStore {
    /// The whole table as it is now (one consistent snapshot).
    public func loadTable() throws -> SIDTable {
        try read { db in try Self.loadTable(db, path: path) }
    }

    static func loadTable(_ db: SQLiteConnection, path: String) throws -> SIDTable {
        let plugins = try db.rows("SELECT pluginID, name, description, productType, vendor FROM plugin LIMIT 1") { row in
            PluginInfo(id: row.int(0), name: row.text(1), description: row.text(2), productType: row.int(3), vendor: row.text(4))
        }
        guard let plugin = plugins.first else {
            throw SIDMapError.notASIDDatabase(path: path, reason: "it holds no plugin row")
        }
        let fieldSets = try db.rows("SELECT name, fields FROM fieldSet ORDER BY position") { row in
            let name = row.text(0)
            let fields = try row.text(1).split(separator: ",").map { token in
                guard let field = PluginField(rawValue: String(token)) else {
                    throw SIDMapError.notASIDDatabase(path: path, reason: "field set \(name) names an unknown field `\(token)`")
                }
                return field
            }
            return FieldSet(name: name, fields: fields)
        }
        return SIDTable(plugin: plugin, fieldSets: fieldSets, entries: try entries(db, path: path))
    }

    /// Replaces the plugin row, field sets and every SID with `table`, in one transaction. Unmapped
    /// types that the new table maps are cleared; the others are kept.
    /// - Throws: ``SIDMapError/refused(_:)`` for a table with ``TableChecker/sqlProblems(_:)`` (the store
    ///   then stays as it was): the table never takes in what `sql` could not write.
    public func replaceTable(with table: SIDTable) throws {
        try TableChecker.refuseSQLProblems(table)
        try write { db in
            try db.execute("DELETE FROM alias; DELETE FROM eventType; DELETE FROM fieldSet; DELETE FROM plugin")
            let plugin = table.plugin
            try db.run(
                "INSERT INTO plugin (singleton, pluginID, name, description, productType, vendor) VALUES (1, ?, ?, ?, ?, ?)",
                [plugin.id, plugin.name, plugin.description, plugin.productType, plugin.vendor])
            let fieldSet = try db.prepare("INSERT INTO fieldSet (name, fields, position) VALUES (?, ?, ?)")
            for (position, set) in table.fieldSets.enumerated() {
                try fieldSet.run([set.name, set.fields.map(\.rawValue).joined(separator: ","), position])
            }
            try Self.insert(table.entries, db)
            try Self.clearMappedUnmapped(db)
        }
    }

    /// Drops unmapped rows whose type or name the table now maps.
    static func clearMappedUnmapped(_ db: SQLiteConnection) throws {
        try db.execute("""
            DELETE FROM unmapped WHERE EXISTS (SELECT 1 FROM alias WHERE alias.kind = unmapped.kind AND alias.key = unmapped.key)
            """)
    }
}
