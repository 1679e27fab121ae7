import HaloModel

/// The seed built into the library (`sidmap/cloudpassage-halo-sids.tsv`, embedded at build time), so that
/// `halo-events` and `halo-sim` classify events from any directory without files beside them.
public enum SIDSeed {
    /// The text of the built-in seed, byte for byte the file in `sidmap/`.
    public static let builtInText = String(decoding: PackageResources.cloudpassage_halo_sids_tsv, as: UTF8.self)

    /// The built-in seed's table.
    public static let builtIn: SIDTable = {
        do {
            return try SeedFormat.parse(builtInText, file: "sidmap/cloudpassage-halo-sids.tsv (built in)")
        } catch {
            fatalError("the built-in seed does not parse: \(error)")
        }
    }()

    /// Reads a seed file.
    public static func load(path: String, taxonomy: OSSIMTaxonomy = .builtIn) throws -> SIDTable {
        try SeedFormat.parse(try TextFile.read(path), file: path, taxonomy: taxonomy)
    }
}
