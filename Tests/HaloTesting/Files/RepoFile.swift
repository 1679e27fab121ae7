import Foundation

/// The repository's committed files that tests compare with what the tools generate.
public enum RepoFile {
    /// The SID seed (`halo-sidbuilder init` reads it).
    public static let seed = "sidmap/cloudpassage-halo-sids.tsv"
    /// The OSSIM taxonomy the seed's categories come from.
    public static let taxonomy = "sidmap/ossim-taxonomy.tsv"
    /// The generated SQL for `ossim-db`.
    public static let sql = "sidmap/cloudpassage-halo.sql"
    /// The generated ossim-agent plugin.
    public static let plugin = "plugin/cloudpassage-halo.cfg"
    /// The plugin's generated custom functions (its CEF decoder).
    public static let functions = "plugin/cloudpassage-halo.functions"

    /// The absolute path of `relative` (one of the above, or any path inside the repository).
    public static func path(_ relative: String) -> String { TestPaths.repoRoot.appendingPathComponent(relative).path }

    /// The text of the committed file at `relative`.
    public static func text(_ relative: String) throws -> String { try String(contentsOfFile: path(relative), encoding: .utf8) }
}
