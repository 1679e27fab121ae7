/// The rules every SID must satisfy to go into the table and into OSSIM: used by `add`/`set` (which
/// refuse a change that breaks one) and by ``TableChecker`` (which reports every break in a table).
public enum SIDEntryRules {
    /// `plugin_sid.name` is VARCHAR(512) in a `utf8` (3-byte UTF-8) table.
    public static let maxNameLength = 512
    /// `plugin.name` is VARCHAR(100).
    public static let maxPluginNameLength = 100

    /// Every problem with `entry` alone (not its relation to other entries).
    public static func problems(of entry: SIDEntry, in table: SIDTable, taxonomy: OSSIMTaxonomy = .builtIn) -> [String] {
        var problems: [String] = []
        if !SIDRanges.valid.contains(entry.sid) {
            problems.append("SID \(entry.sid) is outside \(SIDRanges.valid.lowerBound)...\(SIDRanges.valid.upperBound)")
        }
        problems += textProblems(entry.name, what: "the name", maxLength: maxNameLength, allowsLineBreaks: true)
        if taxonomy.categories[entry.categoryID] == nil {
            problems.append("category id \(entry.categoryID) is not an OSSIM category")
        } else if taxonomy.subcategories[entry.subcategoryID]?.categoryID != entry.categoryID {
            problems.append("subcategory id \(entry.subcategoryID) is not a subcategory of \(taxonomy.categories[entry.categoryID]!.name)")
        }
        if !(0...5).contains(entry.priority) { problems.append("priority \(entry.priority) is outside 0...5") }
        if !(0...10).contains(entry.reliability) { problems.append("reliability \(entry.reliability) is outside 0...10") }
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

    /// Problems of a text column: empty, too long, NUL or line breaks, characters MySQL `utf8` cannot store.
    public static func textProblems(_ text: String, what: String, maxLength: Int, allowsLineBreaks: Bool) -> [String] {
        var problems: [String] = []
        if text.isEmpty { problems.append("\(what) is empty") }
        let length = text.unicodeScalars.count
        if length > maxLength { problems.append("\(what) has \(length) characters; OSSIM's column holds \(maxLength)") }
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
                problems.append("type `\(type)` is already mapped to SID \(other.sid) (\(other.name)); move it with `set \(other.sid) --remove-alias \(type)` first")
            }
            for name in entry.legacyNames where other.legacyNames.contains(name) {
                problems.append("legacy name `\(name)` is already mapped to SID \(other.sid) (\(other.name))")
            }
        }
        if Set(entry.types).count != entry.types.count || Set(entry.legacyNames).count != entry.legacyNames.count {
            problems.append("a type or legacy name is listed twice")
        }
        guard problems.isEmpty else {
            throw SIDMapError.refused("SID \(entry.sid): " + problems.joined(separator: "; "))
        }
    }
}
