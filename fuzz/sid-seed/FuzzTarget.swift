import Foundation
import HaloModel

// libFuzzer target, compiled into the `HaloSIDMap` module (without its SQLite store): the text of a SID
// seed (`sidmap/cloudpassage-halo-sids.tsv`), read as `halo-sidbuilder init` reads it, then everything
// generated from the table.
//
// Beyond "no crash": a table that reads is exported (`SeedFormat.format`, what `export` writes) and must
// read back equal; and no text of the table (plugin name, description, vendor, SID names) may change
// the structure of the SQL or of the plugin: with every such text replaced by "x", the SQL outside its
// string literals and comments, and the plugin's lines that are not comments, must stay the same.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = TypeNaming.displayName(type: text, haloName: String(text.prefix(40)))
    _ = TypeNaming.guessTaxonomy(type: text, haloName: nil)
    guard let table = try? SeedFormat.parse(text, file: "fuzz.tsv") else { return 0 }

    let exported = SeedFormat.format(table)
    guard let again = try? SeedFormat.parse(exported, file: "exported.tsv") else {
        fatalError("an accepted seed, exported, is refused:\n\(exported.prefix(2_000))")
    }
    guard again == table else { fatalError("an accepted seed reads back changed once exported") }

    var plain = table
    plain.plugin.name = "x"
    plain.plugin.description = "x"
    plain.plugin.vendor = "x"
    for i in plain.entries.indices { plain.entries[i].name = "x" }
    // What the seed reader accepts, OSSIM's columns hold: `sql` refuses nothing of it.
    guard let sql = try? OSSIMSQLGenerator.sql(for: table), let plainSQL = try? OSSIMSQLGenerator.sql(for: plain) else {
        fatalError("an accepted seed is refused by sql:\n\(exported.prefix(2_000))")
    }
    guard SQLSkeleton.of(sql) == SQLSkeleton.of(plainSQL) else {
        fatalError("a name changes the structure of the SQL:\n\(sql.prefix(2_000))")
    }
    let plugin = try? PluginGenerator.plugin(for: table)
    guard plugin.map(codeLines) == (try? PluginGenerator.plugin(for: plain)).map(codeLines) else {
        fatalError("a name changes the plugin's rules:\n\(plugin?.prefix(2_000) ?? "")")
    }
    return 0
}

/// The lines of a plugin that are not blank and not comments: what ossim-agent's ConfigParser reads.
private func codeLines(_ plugin: String) -> [Substring] {
    plugin.split(separator: "\n").filter { line in
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        return !trimmed.isEmpty && !trimmed.hasPrefix("#") && !trimmed.hasPrefix(";")
    }
}

/// SQL reduced, by MySQL's lexical rules, to what the server executes: string literals become `?`,
/// comments (`-- `, `#`, `/* */`) go, runs of white space become one space.
enum SQLSkeleton {
    static func of(_ sql: String) -> String {
        let s = Array(sql.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        func space() { if out.last != " " { out.append(" ") } }
        while i < s.count {
            let c = s[i]
            if c == "'" || c == "\"" || c == "`" {
                var j = i + 1
                while j < s.count {
                    if s[j] == "\\" && c != "`" { j += 2; continue }
                    if s[j] == c {
                        if j + 1 < s.count && s[j + 1] == c { j += 2; continue }
                        break
                    }
                    j += 1
                }
                out.append("?")
                i = j + 1
            } else if c == "#" || (c == "-" && i + 2 < s.count && s[i + 1] == "-" && s[i + 2].properties.isWhitespace) {
                while i < s.count && s[i] != "\n" { i += 1 }
                space()
            } else if c == "/" && i + 1 < s.count && s[i + 1] == "*" {
                i += 2
                while i + 1 < s.count && !(s[i] == "*" && s[i + 1] == "/") { i += 1 }
                i += 2
                space()
            } else if c.properties.isWhitespace {
                space()
                i += 1
            } else {
                out.append(c)
                i += 1
            }
        }
        return String(out)
    }
}
