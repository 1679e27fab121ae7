/// The rules every SID must satisfy to go into the table and into OSSIM: used by `add`/`set` (which
/// refuse a change that breaks one) and by ``TableChecker`` (which reports every break in a table).
public enum SIDEntryRules {
    /// `plugin_sid.name` is VARCHAR(512) in a `utf8` table: 512 characters, however many bytes each takes.
    public static let maxNameLength = 512
    /// `plugin.name` is VARCHAR(100): 100 characters.
    public static let maxPluginNameLength = 100
    /// `plugin.description` and `plugin.vendor` are TEXT: 65,535 bytes (of UTF-8), not characters.
    public static let maxTextBytes = 65_535

    /// How a MySQL column limits a text: VARCHAR(n) holds n characters, TEXT a number of bytes.
    public enum ColumnSize: Sendable, Hashable {
        case characters(Int)
        case bytes(Int)
    }

    /// Every problem with `entry` alone (not its relation to other entries): its ``sqlProblems(of:)``,
    /// then taxonomy, scores, field set and aliases.
    public static func problems(of entry: SIDEntry, in table: SIDTable, taxonomy: OSSIMTaxonomy = .builtIn) -> [String] {
        sqlProblems(of: entry) + mappingProblems(of: entry, in: table, taxonomy: taxonomy)
    }

    /// What keeps `entry` from reaching OSSIM's `plugin_sid` intact: a SID outside its INT column, a name
    /// its VARCHAR(512) column would cut or its `utf8` charset would mangle (see ``textProblems(_:what:column:allowsLineBreaks:)``).
    public static func sqlProblems(of entry: SIDEntry) -> [String] {
        var problems: [String] = []
        if !SIDRanges.valid.contains(entry.sid) {
            problems.append("SID \(entry.sid) is outside \(SIDRanges.valid.lowerBound)...\(SIDRanges.valid.upperBound)")
        }
        return problems + textProblems(entry.name, what: "the name", maxLength: maxNameLength, allowsLineBreaks: true)
    }

    /// Problems of the plugin row's text column `key` (as the seed names it: `name`, VARCHAR(100);
    /// `description` or `vendor`, TEXT) holding `text`; none for other keys.
    static func pluginTextProblems(_ key: String, _ text: String) -> [String] {
        switch key {
        case "name":
            return textProblems(text, what: "the plugin name", column: .characters(maxPluginNameLength), allowsLineBreaks: false)
        case "description", "vendor":
            return textProblems(text, what: "the plugin \(key)", column: .bytes(maxTextBytes), allowsLineBreaks: true)
        default:
            return []
        }
    }

    /// What the SQL would store as given but that makes the SID wrong: taxonomy ids, scores, the field set,
    /// types and legacy names.
    static func mappingProblems(of entry: SIDEntry, in table: SIDTable, taxonomy: OSSIMTaxonomy) -> [String] {
        var problems: [String] = []
        if taxonomy.categories[entry.categoryID] == nil {
            problems.append("category id \(entry.categoryID) is not an OSSIM category")
        } else if taxonomy.subcategories[entry.subcategoryID]?.categoryID != entry.categoryID {
            problems.append("subcategory id \(entry.subcategoryID) is not a subcategory of \(taxonomy.categories[entry.categoryID]!.name)")
        }
        if !SIDEntry.priorities.contains(entry.priority) { problems.append("priority \(entry.priority) is outside \(SIDEntry.priorities)") }
        if !SIDEntry.reliabilities.contains(entry.reliability) { problems.append("reliability \(entry.reliability) is outside \(SIDEntry.reliabilities)") }
        if entry.fieldSet != FieldSet.catchAllName && table.fieldSet(named: entry.fieldSet) == nil {
            problems.append("field set `\(entry.fieldSet)` is not defined (sets: \(([FieldSet.catchAllName] + table.fieldSets.map(\.name)).joined(separator: ", ")))")
        }
        for type in entry.types {
            problems += textProblems(type, what: "type `\(type)`", maxLength: 255, allowsLineBreaks: false)
        }
        for name in entry.legacyNames {
            problems += textProblems(name, what: "legacy name `\(name)`", maxLength: 512, allowsLineBreaks: false)
            if name != name.lowercased() { problems.append("legacy name `\(name)` is not lower-case") }
        }
        return problems
    }

    /// Problems of a VARCHAR column of `maxLength` characters (see ``textProblems(_:what:column:allowsLineBreaks:)``).
    public static func textProblems(_ text: String, what: String, maxLength: Int, allowsLineBreaks: Bool) -> [String] {
        textProblems(text, what: what, column: .characters(maxLength), allowsLineBreaks: allowsLineBreaks)
    }

    /// Problems of a text column: empty, too long for `column` (which MySQL's INSERT IGNORE would cut
    /// silently), NUL or line breaks, characters MySQL `utf8` cannot store. A character is a Unicode scalar,
    /// as MySQL counts them; bytes are UTF-8 bytes, which are `utf8`'s for every character it can store.
    public static func textProblems(_ text: String, what: String, column: ColumnSize, allowsLineBreaks: Bool) -> [String] {
        var problems: [String] = []
        if text.isEmpty { problems.append("\(what) is empty") }
        switch column {
        case .characters(let limit):
            let length = text.unicodeScalars.count
            if length > limit { problems.append("\(what) has \(length) characters; OSSIM's column holds \(limit)") }
        case .bytes(let limit):
            let length = text.utf8.count
            if length > limit { problems.append("\(what) has \(length) bytes in UTF-8; OSSIM's TEXT column holds \(limit)") }
        }
        if text.unicodeScalars.contains("\u{0}") { problems.append("\(what) contains a NUL character") }
        if !allowsLineBreaks, text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            problems.append("\(what) contains a control character")
        }
        if text.unicodeScalars.contains(where: { $0.value > 0xFFFF }) {
            problems.append("\(what) contains a character outside the Basic Multilingual Plane, which OSSIM's utf8 columns cannot store")
        }
        return problems
    }

    /// Throws ``SIDMapError/refused(_:)`` with every problem of `entry`, including types and names that
    /// another SID (other than `replacing`) already maps.
    static func validate(_ entry: SIDEntry, in table: SIDTable, replacing: Int?) throws {
        var problems = problems(of: entry, in: table)
        for other in table.entries where other.sid != replacing {
            for type in entry.types where other.types.contains(type) {
                problems.append("type `\(type)` is already mapped to SID \(other.sid) (\(other.name)); unmap it from SID \(other.sid) first")
            }
            for name in entry.legacyNames where other.legacyNames.contains(name) {
                problems.append("legacy name `\(name)` is already mapped to SID \(other.sid) (\(other.name))")
            }
        }
        if Set(entry.types).count != entry.types.count || Set(entry.legacyNames).count != entry.legacyNames.count {
            problems.append("a type or legacy name is listed twice")
        }
        guard problems.isEmpty else {
            throw SIDMapError.refused(.entryProblems(sid: entry.sid, problems: problems))
        }
    }
}
