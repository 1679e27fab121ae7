import HaloConnector
import HaloPlatform
import UnixSignals

/// Runs `work` in a task that SIGTERM and SIGINT cancel: the connector's clean stop (each account writes and
/// commits what it has read). A second signal ends the process at once, which is as safe as `kill -9`:
/// a batch left half-written is settled by the next run.
func cancellingOnSignals<T: Sendable>(
    diagnostics: Diagnostics, _ work: @escaping @Sendable () async -> T
) async -> T {
    let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
    let task = Task { await work() }
    let watcher = Task {
        var received = 0
        for await signal in signals {
            received += 1
            let name = signal == .sigterm ? "SIGTERM" : "SIGINT"
            if received == 1 {
                diagnostics.say("\(name) received: stopping after the batches in hand are written and committed")
                task.cancel()
            } else {
                diagnostics.say("\(name) received again: exiting now; the next run settles any batch half-written")
                exit(ExitStatus.stopped.rawValue)
            }
        }
    }
    let result = await task.value
    watcher.cancel()
    return result
}
