import ArgumentParser
import HaloSIDMap

struct Functions: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write cloudpassage-halo.functions, the plugin's custom_functions_file (its CEF decoder) for the sensor.",
        discussion: "Install it where the plugin's custom_functions_file says (default \(PluginFunctions.defaultLocation)).")

    @OptionGroup var output: OutputOption

    func run() throws {
        try reportingErrors {
            try output.write(PluginFunctions.text)
        }
    }
}
