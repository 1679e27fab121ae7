extension SIDStore {
    /// One change of the schema: its identifier, recorded in the file once applied, and its SQL.
    struct Migration {
        var identifier: String
        var sql: String
    }

    /// The schema, created and upgraded by these migrations, in order (never edit one; add one). Each
    /// runs in one immediate transaction, foreign keys enforced (a migration that drops a table others
    /// reference would cascade: it must turn them off around itself). Their SQL is what GRDB's migrator
    /// generated when the table was kept through GRDB: files written before and since have one schema.
    static let migrations = [
        Migration(identifier: "v1: SID table", sql: """
            PRAGMA application_id = \(applicationID);
            CREATE TABLE "plugin" ("singleton" INTEGER PRIMARY KEY CHECK ("singleton" = 1), "pluginID" INTEGER NOT NULL, \
            "name" TEXT NOT NULL, "description" TEXT NOT NULL, "productType" INTEGER NOT NULL, "vendor" TEXT NOT NULL);
            CREATE TABLE "fieldSet" ("name" TEXT PRIMARY KEY NOT NULL, "fields" TEXT NOT NULL, "position" INTEGER NOT NULL);
            CREATE TABLE "eventType" ("sid" INTEGER PRIMARY KEY CHECK (("sid" >= \(SIDRanges.valid.lowerBound)) AND \
            ("sid" <= \(SIDRanges.valid.upperBound))), "name" TEXT NOT NULL, "categoryID" INTEGER NOT NULL, \
            "subcategoryID" INTEGER NOT NULL, "priority" INTEGER NOT NULL CHECK (("priority" >= 0) AND ("priority" <= 5)), \
            "reliability" INTEGER NOT NULL CHECK (("reliability" >= 0) AND ("reliability" <= 10)), "elevated" BOOLEAN NOT NULL, \
            "fieldSet" TEXT NOT NULL, "leefCategory" TEXT, "connectorSID" INTEGER);
            CREATE TABLE "alias" ("kind" TEXT NOT NULL CHECK ("kind" IN ('\(AliasKind.type.rawValue)', '\(AliasKind.name.rawValue)')), \
            "key" TEXT NOT NULL, "sid" INTEGER NOT NULL REFERENCES "eventType"("sid") ON DELETE CASCADE ON UPDATE CASCADE, \
            "position" INTEGER NOT NULL, PRIMARY KEY ("kind", "key"));
            CREATE INDEX "alias_on_sid" ON "alias"("sid");
            CREATE TABLE "unmapped" ("kind" TEXT NOT NULL, "key" TEXT NOT NULL, "name" TEXT, "firstSeen" DATETIME NOT NULL, \
            "lastSeen" DATETIME NOT NULL, "count" INTEGER NOT NULL, PRIMARY KEY ("kind", "key"));
            """),
    ]

    /// The table that records applied migrations; GRDB's migrator named it, and SID files keep it.
    private static let migrationsTable = "grdb_migrations"

    /// The identifiers of the migrations applied to the file, those this program knows and any others.
    static func appliedMigrations(_ db: SQLiteConnection) throws -> Set<String> {
        let exists = try db.rows("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [migrationsTable]) { _ in true }
        guard !exists.isEmpty else { return [] }
        return Set(try db.rows("SELECT identifier FROM \(migrationsTable)") { $0.text(0) })
    }

    /// Applies the migrations the file lacks, each in its own transaction with its identifier.
    static func migrate(_ db: SQLiteConnection) throws {
        try db.execute("CREATE TABLE IF NOT EXISTS \(migrationsTable) (identifier TEXT NOT NULL PRIMARY KEY)")
        let applied = try appliedMigrations(db)
        for migration in migrations where !applied.contains(migration.identifier) {
            try db.transaction(.immediate) {
                try db.execute(migration.sql)
                try db.run("INSERT INTO \(migrationsTable) (identifier) VALUES (?)", [migration.identifier])
            }
        }
    }
}
