#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloPlatform
import HaloCommandLine

/// Where `check` finds the SQL and the plugin it compares when not told: in a checkout of the toolkit (the
/// current directory holds `sidmap/cloudpassage-halo.sql` and `plugin/cloudpassage-halo.cfg`), the
/// committed files there (and the plugin's functions file beside it); elsewhere, what `make install` and the package installed (the executable in
/// PREFIX/bin): the SQL halo-sidmap-update last installed in /var/lib/halo-events (else the shipped one in
/// PREFIX/share/halo-ossim-toolkit/sidmap) and the agent's /etc/ossim/agent/plugins/cloudpassage-halo.cfg.
struct CheckDefaults {
    static let checkoutSQL = "sidmap/cloudpassage-halo.sql"
    static let checkoutPlugin = "plugin/cloudpassage-halo.cfg"
    static let installedPlugin = "/etc/ossim/agent/plugins/cloudpassage-halo.cfg"
    static let updatedSQL = "/var/lib/halo-events/cloudpassage-halo.sql"

    /// Whether the current directory is a checkout.
    let inCheckout: Bool
    let sqlFile: String
    let pluginFile: String
    /// The `custom_functions_file` of the plugin `pluginFile`: beside it (`.functions` for `.cfg`), as the
    /// checkout, `make install` and the package keep them.
    static func functionsFile(beside pluginFile: String) -> String {
        (pluginFile.hasSuffix(".cfg") ? String(pluginFile.dropLast(".cfg".count)) : pluginFile) + ".functions"
    }

    init(fileManager: FileManager = .default) {
        inCheckout = fileManager.fileExists(atPath: CheckDefaults.checkoutSQL) && fileManager.fileExists(atPath: CheckDefaults.checkoutPlugin)
        if inCheckout {
            (sqlFile, pluginFile) = (CheckDefaults.checkoutSQL, CheckDefaults.checkoutPlugin)
            return
        }
        // PREFIX/bin/halo-sidbuilder → PREFIX/share/halo-ossim-toolkit/sidmap.
        let prefix = Path.directory(of: RunningExecutable.directory)
        let shipped = Path.appending("share/halo-ossim-toolkit/sidmap/cloudpassage-halo.sql", to: prefix)
        sqlFile = fileManager.fileExists(atPath: CheckDefaults.updatedSQL) ? CheckDefaults.updatedSQL : shipped
        pluginFile = CheckDefaults.installedPlugin
    }

    /// The command that brings a default file back in line with the table: in a checkout, `generating`
    /// (it writes the committed file); where the toolkit is installed, the daily job that regenerates and
    /// installs both (never a file in the current directory).
    func regenerate(_ generating: String) -> String {
        inCheckout ? generating : "halo-sidmap-update"
    }
}
