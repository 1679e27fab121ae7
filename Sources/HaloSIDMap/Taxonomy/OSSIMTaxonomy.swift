/// OSSIM's event taxonomy (product types, categories, subcategories) as its `alienvault` database ships
/// it; a copy of data/ossim-taxonomy.tsv is built into the library (`sidmap/ossim-taxonomy.tsv`).
public struct OSSIMTaxonomy: Sendable {
    /// A category (`category` table).
    public struct Category: Sendable, Hashable {
        public var id: Int
        public var name: String
    }

    /// A subcategory (`subcategory` table), which belongs to one category.
    public struct Subcategory: Sendable, Hashable {
        public var id: Int
        public var categoryID: Int
        public var name: String
    }

    /// Product type names by id (`plugin.product_type`).
    public private(set) var productTypes: [Int: String] = [:]
    /// Categories by id (`plugin_sid.category_id`).
    public private(set) var categories: [Int: Category] = [:]
    /// Subcategories by id (`plugin_sid.subcategory_id`).
    public private(set) var subcategories: [Int: Subcategory] = [:]

    /// The taxonomy built into the library.
    public static let builtIn: OSSIMTaxonomy = {
        do {
            return try OSSIMTaxonomy(tsv: builtInText)
        } catch {
            fatalError("the built-in sidmap/ossim-taxonomy.tsv does not parse: \(error)")
        }
    }()

    /// The text of the built-in taxonomy file.
    public static let builtInText = String(decoding: PackageResources.ossim_taxonomy_tsv, as: UTF8.self)

    /// Parses the taxonomy TSV (`table id category_id name`, `#` comments).
    public init(tsv: String) throws {
        for (number, line) in tsv.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("table\t") { continue }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count == 4, let id = Int(columns[1]) else {
                throw SIDMapError.invalidSeed(file: "ossim-taxonomy.tsv", line: number + 1, "expected `table id category_id name`")
            }
            switch columns[0] {
            case "product_type": productTypes[id] = columns[3]
            case "category": categories[id] = Category(id: id, name: columns[3])
            case "subcategory":
                guard let categoryID = Int(columns[2]) else {
                    throw SIDMapError.invalidSeed(file: "ossim-taxonomy.tsv", line: number + 1, "subcategory without a category id")
                }
                subcategories[id] = Subcategory(id: id, categoryID: categoryID, name: columns[3])
            default:
                throw SIDMapError.invalidSeed(file: "ossim-taxonomy.tsv", line: number + 1, "unknown table `\(columns[0])`")
            }
        }
    }

    /// The category with this name (as OSSIM spells it, compared case-insensitively) or id.
    public func category(_ nameOrID: String) -> Category? {
        if let id = Int(nameOrID) { return categories[id] }
        return categories.values.first { $0.name.lowercased() == nameOrID.lowercased() }
    }

    /// The subcategory of `categoryID` with this name (case-insensitive) or id.
    public func subcategory(_ nameOrID: String, in categoryID: Int) -> Subcategory? {
        if let id = Int(nameOrID) { return subcategories[id].flatMap { $0.categoryID == categoryID ? $0 : nil } }
        return subcategories.values.first { $0.categoryID == categoryID && $0.name.lowercased() == nameOrID.lowercased() }
    }

    /// The product type with this name (case-insensitive) or id.
    public func productType(_ nameOrID: String) -> Int? {
        if let id = Int(nameOrID) { return productTypes[id] == nil ? nil : id }
        return productTypes.first { $0.value.lowercased() == nameOrID.lowercased() }?.key
    }

    /// `Category/Subcategory` for people, with the ids when a name is unknown.
    public func describe(categoryID: Int, subcategoryID: Int) -> String {
        let category = categories[categoryID]?.name ?? "category \(categoryID)"
        let subcategory = subcategories[subcategoryID]?.name ?? "subcategory \(subcategoryID)"
        return "\(category)/\(subcategory)"
    }
}
