/// MySQL/MariaDB string literals (default `sql_mode`, i.e. backslash escapes on, as `ossim-db` uses).
public enum MySQLString {
    /// `value` as a quoted literal: `'`, `"`, `\`, NUL, LF, CR, TAB, backspace and Ctrl-Z escaped, so that
    /// no value can end the string, the statement, or the line.
    public static func literal(_ value: String) -> String {
        var out = "'"
        for scalar in value.unicodeScalars {
            switch scalar {
            case "'": out += "\\'"
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{0}": out += "\\0"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{8}": out += "\\b"
            case "\u{1A}": out += "\\Z"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "'"
    }
}
