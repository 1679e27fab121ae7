/// MySQL/MariaDB string literals (default `sql_mode`, i.e. backslash escapes on, as `ossim-db` uses).
public enum MySQLString {
    /// `value` as a quoted literal: `'`, `"`, `\`, NUL, LF, CR, TAB, backspace and Ctrl-Z escaped, so that
    /// no value can end the string, the statement, or the line.
    public static func literal(_ value: String) -> String {
        "'" + BackslashEscape.mysql.escaped(value) + "'"
    }
}
