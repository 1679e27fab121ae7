/// Reads the seed line by line (see ``SeedFormat``).
struct SeedReader {
    let file: String
    let taxonomy: OSSIMTaxonomy
    private var pluginValues: [String: String] = [:]
    private var fieldSets: [FieldSet] = []
    private var entries: [SIDEntry] = []
    private var sawHeader = false
    private var lineOfSID: [Int: Int] = [:]
    private var lineOfAlias: [String: Int] = [:]

    init(file: String, taxonomy: OSSIMTaxonomy) {
        self.file = file
        self.taxonomy = taxonomy
    }

    mutating func read(_ line: Substring, number: Int) throws {
        if line.isEmpty || line.hasPrefix("#") { return }
        let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
        func fail(_ message: String) -> SIDMapError { .invalidSeed(file: file, line: number, message) }
        func decoded(_ text: Substring) throws -> String {
            do { return try TSVField.decode(text) } catch { throw fail(error.message) }
        }
        switch columns[0] {
        case "plugin":
            guard columns.count == 3 else { throw fail("a plugin row is `plugin<TAB>key<TAB>value`") }
            let key = String(columns[1])
            guard ["id", "name", "description", "product_type", "vendor"].contains(key) else {
                throw fail("unknown plugin key `\(key)` (id, name, description, product_type, vendor)")
            }
            guard pluginValues[key] == nil else { throw fail("plugin \(key) is given twice") }
            let value = try decoded(columns[2])
            // What OSSIM's plugin row could not hold is refused here, with its line, not cut later by the SQL.
            let problems = SIDEntryRules.pluginTextProblems(key, value)
            guard problems.isEmpty else { throw fail(problems.joined(separator: "; ")) }
            pluginValues[key] = value
        case "fieldset":
            guard columns.count == 3 else { throw fail("a fieldset row is `fieldset<TAB>name<TAB>field,field,...`") }
            let name = try decoded(columns[1])
            guard name != FieldSet.catchAllName, !name.isEmpty else { throw fail("`\(name)` cannot name a field set") }
            guard !fieldSets.contains(where: { $0.name == name }) else { throw fail("field set `\(name)` is defined twice") }
            var fields: [PluginField] = []
            for token in columns[2].split(separator: ",") {
                guard let field = PluginField(rawValue: String(token)), PluginField.optional.contains(field) else {
                    throw fail("`\(token)` is not a field a set can choose (\(PluginField.optional.map(\.rawValue).joined(separator: ", ")))")
                }
                fields.append(field)
            }
            fieldSets.append(FieldSet(name: name, fields: fields))
        case "sid":
            guard columns.map(String.init) == SeedFormat.columns else {
                throw fail("the SID header must be: \(SeedFormat.columns.joined(separator: " "))")
            }
            sawHeader = true
        default:
            guard sawHeader else { throw fail("expected a plugin, fieldset or sid header row before SID rows") }
            guard columns.count == SeedFormat.columns.count else {
                throw fail("a SID row has \(SeedFormat.columns.count) tab-separated columns, this one has \(columns.count)")
            }
            try entries.append(readEntry(columns, number: number))
        }
    }

    private mutating func readEntry(_ c: [Substring], number: Int) throws -> SIDEntry {
        func fail(_ message: String) -> SIDMapError { .invalidSeed(file: file, line: number, message) }
        func integer(_ column: Int, in range: ClosedRange<Int>) throws -> Int {
            guard let value = Int(c[column]), range.contains(value) else {
                throw fail("\(SeedFormat.columns[column]) `\(c[column])` is not a number in \(range.lowerBound)...\(range.upperBound)")
            }
            return value
        }
        func list(_ column: Int) throws -> [String] {
            do { return try TSVField.decodeList(c[column]) } catch { throw fail(error.message) }
        }
        func text(_ column: Int) throws -> String {
            do { return try TSVField.decode(c[column]) } catch { throw fail(error.message) }
        }
        let sid = try integer(0, in: SIDRanges.valid)
        if let earlier = lineOfSID[sid] { throw fail("SID \(sid) is already on line \(earlier)") }
        lineOfSID[sid] = number
        guard let category = taxonomy.category(String(c[3])) else {
            throw fail("unknown OSSIM category `\(c[3])` (see sidmap/ossim-taxonomy.tsv)")
        }
        guard let subcategory = taxonomy.subcategory(String(c[4]), in: category.id) else {
            throw fail("`\(c[4])` is not a subcategory of \(category.name) (see sidmap/ossim-taxonomy.tsv)")
        }
        let elevated: Bool
        switch c[7] {
        case "yes": elevated = true
        case "no": elevated = false
        default: throw fail("elevated is `yes` or `no`, not `\(c[7])`")
        }
        let types = try list(1)
        let legacyNames = try list(11).map { $0.lowercased() }
        for (kind, keys) in [("type", types), ("legacy name", legacyNames)] {
            for key in keys {
                guard !key.isEmpty else { throw fail("an empty \(kind)") }
                if let earlier = lineOfAlias[kind + "\u{0}" + key] {
                    throw fail("\(kind) `\(key)` is already mapped on line \(earlier)")
                }
                lineOfAlias[kind + "\u{0}" + key] = number
            }
        }
        let leef = try text(9)
        let entry = SIDEntry(
            sid: sid, name: try text(2), types: types, legacyNames: legacyNames,
            categoryID: category.id, subcategoryID: subcategory.id,
            priority: try integer(5, in: SIDEntry.priorities), reliability: try integer(6, in: SIDEntry.reliabilities), elevated: elevated,
            fieldSet: try text(8), leefCategory: leef.isEmpty ? nil : leef,
            connectorSID: c[10].isEmpty ? nil : try integer(10, in: SIDRanges.valid)
        )
        // A name plugin_sid could not hold is refused here, with its line, not cut later by the SQL.
        let problems = SIDEntryRules.sqlProblems(of: entry)
        guard problems.isEmpty else { throw fail("SID \(sid): " + problems.joined(separator: "; ")) }
        return entry
    }

    func finish() throws -> SIDTable {
        func value(_ key: String) throws -> String {
            guard let value = pluginValues[key] else {
                throw SIDMapError.invalidSeed(file: file, line: 1, "the seed has no `plugin\t\(key)` row")
            }
            return value
        }
        guard let id = Int(try value("id")), (1...65535).contains(id) else {
            throw SIDMapError.invalidSeed(file: file, line: 1, "plugin id must be a number (user plugins take 9000-9999)")
        }
        guard let productType = taxonomy.productType(try value("product_type")) else {
            throw SIDMapError.invalidSeed(file: file, line: 1, "unknown OSSIM product type `\(try value("product_type"))`")
        }
        guard sawHeader else {
            throw SIDMapError.invalidSeed(file: file, line: 1, "the seed has no SID rows (header `\(SeedFormat.columns.joined(separator: " "))`)")
        }
        let plugin = PluginInfo(
            id: id, name: try value("name"), description: try value("description"),
            productType: productType, vendor: try value("vendor"))
        return SIDTable(plugin: plugin, fieldSets: fieldSets, entries: entries)
    }
}
