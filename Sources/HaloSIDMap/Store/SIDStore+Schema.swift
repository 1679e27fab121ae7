import GRDB

extension SIDStore {
    /// The schema, created and upgraded by migrations (never edit a registered migration; add one).
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: SID table") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.create(table: PluginRecord.databaseTableName) { t in
                t.primaryKey("singleton", .integer).check { $0 == 1 }
                t.column("pluginID", .integer).notNull()
                t.column("name", .text).notNull()
                t.column("description", .text).notNull()
                t.column("productType", .integer).notNull()
                t.column("vendor", .text).notNull()
            }
            try db.create(table: FieldSetRecord.databaseTableName) { t in
                t.primaryKey("name", .text)
                t.column("fields", .text).notNull()
                t.column("position", .integer).notNull()
            }
            try db.create(table: EventTypeRecord.databaseTableName) { t in
                t.primaryKey("sid", .integer).check { $0 >= SIDRanges.valid.lowerBound && $0 <= SIDRanges.valid.upperBound }
                t.column("name", .text).notNull()
                t.column("categoryID", .integer).notNull()
                t.column("subcategoryID", .integer).notNull()
                t.column("priority", .integer).notNull().check { $0 >= 0 && $0 <= 5 }
                t.column("reliability", .integer).notNull().check { $0 >= 0 && $0 <= 10 }
                t.column("elevated", .boolean).notNull()
                t.column("fieldSet", .text).notNull()
                t.column("leefCategory", .text)
                t.column("connectorSID", .integer)
            }
            try db.create(table: AliasRecord.databaseTableName) { t in
                t.column("kind", .text).notNull().check { [AliasKind.type.rawValue, AliasKind.name.rawValue].contains($0) }
                t.column("key", .text).notNull()
                t.column("sid", .integer).notNull().indexed()
                    .references(EventTypeRecord.databaseTableName, column: "sid", onDelete: .cascade, onUpdate: .cascade)
                t.column("position", .integer).notNull()
                t.primaryKey(["kind", "key"])
            }
            try db.create(table: UnmappedRecord.databaseTableName) { t in
                t.column("kind", .text).notNull()
                t.column("key", .text).notNull()
                t.column("name", .text)
                t.column("firstSeen", .datetime).notNull()
                t.column("lastSeen", .datetime).notNull()
                t.column("count", .integer).notNull()
                t.primaryKey(["kind", "key"])
            }
        }
        return migrator
    }()
}
