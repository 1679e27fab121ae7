import Foundation
import GRDB

/// How an alias maps an event to a SID: by its `type` key, or by its lower-case `name`.
enum AliasKind: String, Codable, Sendable {
    case type
    case name
}

struct PluginRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "plugin"
    var singleton = 1
    var pluginID: Int
    var name: String
    var description: String
    var productType: Int
    var vendor: String
}

struct FieldSetRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "fieldSet"
    var name: String
    var fields: String
    var position: Int
}

struct EventTypeRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "eventType"
    var sid: Int
    var name: String
    var categoryID: Int
    var subcategoryID: Int
    var priority: Int
    var reliability: Int
    var elevated: Bool
    var fieldSet: String
    var leefCategory: String?
    var connectorSID: Int?
}

struct AliasRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "alias"
    var kind: AliasKind
    var key: String
    var sid: Int
    var position: Int
}

struct UnmappedRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "unmapped"
    var kind: AliasKind
    var key: String
    var name: String?
    var firstSeen: Date
    var lastSeen: Date
    var count: Int
}

extension EventTypeRecord {
    init(_ entry: SIDEntry) {
        self.init(
            sid: entry.sid, name: entry.name, categoryID: entry.categoryID, subcategoryID: entry.subcategoryID,
            priority: entry.priority, reliability: entry.reliability, elevated: entry.elevated,
            fieldSet: entry.fieldSet, leefCategory: entry.leefCategory, connectorSID: entry.connectorSID)
    }

    func entry(aliases: [AliasRecord]) -> SIDEntry {
        let sorted = aliases.sorted { $0.position < $1.position }
        return SIDEntry(
            sid: sid, name: name,
            types: sorted.filter { $0.kind == .type }.map(\.key),
            legacyNames: sorted.filter { $0.kind == .name }.map(\.key),
            categoryID: categoryID, subcategoryID: subcategoryID, priority: priority, reliability: reliability,
            elevated: elevated, fieldSet: fieldSet, leefCategory: leefCategory, connectorSID: connectorSID)
    }
}

extension AliasRecord {
    static func records(for entry: SIDEntry) -> [AliasRecord] {
        entry.types.enumerated().map { AliasRecord(kind: .type, key: $1, sid: entry.sid, position: $0) }
            + entry.legacyNames.enumerated().map { AliasRecord(kind: .name, key: $1, sid: entry.sid, position: $0) }
    }
}
