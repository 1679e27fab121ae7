import ArgumentParser

/// `--metrics-file`: the run's metrics for node_exporter's textfile collector.
struct MetricsOptions: ParsableArguments {
    @Option(name: .customLong("metrics-file"), help: ArgumentHelp("Write Prometheus metrics (text format, for node_exporter's textfile collector) to FILE at the end of each run, atomically.", valueName: "FILE"))
    var metricsFile: String?

    func validate() throws {
        if metricsFile?.isEmpty == true { throw ValidationError("--metrics-file needs a file name") }
    }
}
