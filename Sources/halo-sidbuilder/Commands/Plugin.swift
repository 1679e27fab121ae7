import ArgumentParser
import HaloSIDMap

struct Plugin: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write cloudpassage-halo.cfg, the ossim-agent plugin for the sensor.")

    @OptionGroup var database: DatabaseOption
    @OptionGroup var output: OutputOption

    @Option(help: ArgumentHelp("The log file the agent reads (several: comma-separated).", valueName: "path"))
    var location = PluginGenerator.defaultLocation
    @Option(help: ArgumentHelp("The agent's bookmark directory (bookmark_dir).", valueName: "dir"))
    var bookmarkDir = PluginGenerator.defaultBookmarkDirectory

    @Option(help: ArgumentHelp("Where the sensor has the plugin's custom functions (halo-sidbuilder functions).", valueName: "path"))
    var functions = PluginFunctions.defaultLocation

    func run() throws {
        try reportingErrors {
            try output.write(PluginGenerator.plugin(
                for: try database.open(.readOnly).loadTable(), location: location, functions: functions, bookmarkDirectory: bookmarkDir))
        }
    }
}
