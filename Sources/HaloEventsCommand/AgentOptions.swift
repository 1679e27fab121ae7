import ArgumentParser
import HaloDelivery

/// The flags about ossim-agent reading the CEF file (`--ceffile` with the package's `<configdir>/agent`
/// bookmark directory).
struct AgentOptions: ParsableArguments {
    @Option(name: .customLong("agent-lag-warning"),
            help: ArgumentHelp("Warn after a run when ossim-agent has more than this many lines of the CEF file left to read (from its bookmark); 0: never.", valueName: "LINES"))
    var agentLagWarning = HaloEventsRun.defaultAgentLagWarning

    @Option(name: .customLong("agent-pid-file"),
            help: ArgumentHelp("ossim-agent's pid file ([daemon] pid in its config.cfg): when it names no live process, the agent's bookmark is set so that, started again, it reads on after its last line.", valueName: "FILE"))
    var agentPidFile = AgentProcess.defaultPidFile

    /// The threshold for ``HaloEventsRun/agentLagWarning``: `nil` when the warning is off.
    func lagWarning() throws(UsageError) -> Int? {
        guard agentLagWarning >= 0 else { throw UsageError(Sentences.negativeAgentLagWarning) }
        return agentLagWarning == 0 ? nil : agentLagWarning
    }
}
