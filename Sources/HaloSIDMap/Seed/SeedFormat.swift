/// The seed file `sidmap/cloudpassage-halo-sids.tsv`: the SID table as reviewable, tab-separated text.
///
/// ``format(_:taxonomy:)`` writes one canonical form and ``parse(_:file:taxonomy:)`` reads it back, so
/// `init` followed by `export` reproduces the file byte for byte.
public enum SeedFormat {
    /// The column names of the SID rows, in order.
    public static let columns = [
        "sid", "types", "name", "category", "subcategory", "priority", "reliability", "elevated", "fields",
        "leef_category", "connector_sid", "legacy_names",
    ]

    /// The comment block at the top of every exported seed.
    public static let header = """
        # CloudPassage Halo -> AlienVault OSSIM: the SID table, seed of halo-sidbuilder (see docs/sidbuilder.md).
        # `halo-sidbuilder init --db FILE` builds the SQLite table from this file; `halo-sidbuilder export --db FILE`
        # writes the table back in exactly this form. Tab-separated. In a value, \\\\ \\t \\n \\r stand for a backslash,
        # tab, newline and carriage return; list items are separated by | (\\| for a | inside an item).
        # plugin rows: the OSSIM plugin (id, name, description, product type, vendor).
        # fieldset rows: a field set's name and the plugin event fields its rule extracts besides the common ones;
        #   the set `any` is the catch-all rule, which extracts every field.
        # sid rows: one per SID. types: the Halo `type` keys it maps (the first is its own); legacy_names: the
        #   lower-case event `name`s of old events it maps; connector_sid: the SID the later Halo connector gave the
        #   type when the table gives it another (see the SID conflict rule in docs/sidbuilder.md).

        """

    /// Writes the table in the canonical seed form.
    public static func format(_ table: SIDTable, taxonomy: OSSIMTaxonomy = .builtIn) -> String {
        var out = header
        let productType = taxonomy.productTypes[table.plugin.productType] ?? String(table.plugin.productType)
        for (key, value) in [
            ("id", String(table.plugin.id)), ("name", table.plugin.name), ("description", table.plugin.description),
            ("product_type", productType), ("vendor", table.plugin.vendor),
        ] {
            out += "plugin\t\(key)\t\(TSVField.encode(value))\n"
        }
        for set in table.fieldSets {
            out += "fieldset\t\(TSVField.encode(set.name))\t\(set.fields.map(\.rawValue).joined(separator: ","))\n"
        }
        out += columns.joined(separator: "\t") + "\n"
        for entry in table.entries {
            let category = taxonomy.categories[entry.categoryID]
            let subcategory = taxonomy.subcategories[entry.subcategoryID]
            let row: [String] = [
                String(entry.sid),
                TSVField.encodeList(entry.types),
                TSVField.encode(entry.name),
                category?.name ?? String(entry.categoryID),
                subcategory?.categoryID == entry.categoryID ? subcategory!.name : String(entry.subcategoryID),
                String(entry.priority),
                String(entry.reliability),
                entry.elevated ? "yes" : "no",
                TSVField.encode(entry.fieldSet),
                TSVField.encode(entry.leefCategory ?? ""),
                entry.connectorSID.map(String.init) ?? "",
                TSVField.encodeList(entry.legacyNames),
            ]
            out += row.joined(separator: "\t") + "\n"
        }
        return out
    }

    /// Reads a seed. Refuses (with the file name and line) anything the database could not hold:
    /// unknown record kinds, bad numbers, unknown taxonomy names, duplicate SIDs or aliases; and names,
    /// descriptions and vendors OSSIM's columns could not hold (``TableChecker/sqlProblems(_:)``).
    public static func parse(_ text: String, file: String, taxonomy: OSSIMTaxonomy = .builtIn) throws -> SIDTable {
        var reader = SeedReader(file: file, taxonomy: taxonomy)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            try reader.read(line, number: index + 1)
        }
        return try reader.finish()
    }
}
