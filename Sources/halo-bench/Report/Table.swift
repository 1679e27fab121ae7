import HaloPlatform

/// A plain-text table: a title, a header row, right-aligned figures.
struct Table {
    let title: String
    let columns: [String]
    private(set) var rows: [[String]] = []
    /// Lines printed under the table.
    var notes: [String] = []

    init(_ title: String, columns: [String]) {
        self.title = title
        self.columns = columns
    }

    mutating func add(_ cells: [String]) { rows.append(cells) }

    var text: String {
        let widths = columns.indices.map { column in
            ([columns[column]] + rows.map { column < $0.count ? $0[column] : "" }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
        let rule = String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))
        return ([title, line(columns), rule] + rows.map(line) + notes.map { "  " + $0 }).joined(separator: "\n") + "\n"
    }
}

/// Figures as the tables print them.
enum Figure {
    static func integer(_ value: Double) -> String { HaloPlatform.decimal(value, digits: 0) }
    static func decimal(_ value: Double, _ digits: Int = 2) -> String { HaloPlatform.decimal(value, digits: digits) }
    static func mib(_ bytes: Int) -> Double { Double(bytes) / 1_048_576 }
}
