/// Backslash escaping of a chosen set of characters: the one loop behind the seed's fields, the OSSIM
/// SQL's string literals and `halo-sidbuilder list`'s columns.
public struct BackslashEscape: Sendable {
    /// What each escaped character becomes (backslash included); the others are kept as they are.
    let replacements: [Unicode.Scalar: String]

    /// `\`, TAB, LF and CR: a value then stays on one line and in one tab-separated column.
    public static let oneLineField = BackslashEscape(replacements: ["\\": #"\\"#, "\t": #"\t"#, "\n": #"\n"#, "\r": #"\r"#])

    /// MySQL/MariaDB with backslash escapes on (the default `sql_mode`, as `ossim-db` uses): `'`, `"`, `\`,
    /// NUL, LF, CR, TAB, backspace and Ctrl-Z, so that no value can end the string, the statement, or the line.
    static let mysql = BackslashEscape(replacements: [
        "'": #"\'"#, "\"": #"\""#, "\\": #"\\"#, "\u{0}": #"\0"#, "\n": #"\n"#, "\r": #"\r"#, "\t": #"\t"#,
        "\u{8}": #"\b"#, "\u{1A}": #"\Z"#,
    ])

    /// `value` with each of the characters escaped.
    public func escaped(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            if let replacement = replacements[scalar] { out += replacement } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }
}
