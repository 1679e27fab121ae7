import HaloConnector
import HaloModel

/// The metrics of a run in the Prometheus text exposition format (version 0.0.4, what node_exporter's
/// textfile collector reads): per account, counters over every run recorded (from its ``RunRecord``) and
/// gauges of this run; and the run's own exit status, end time and duration.
struct RunMetrics: Sendable {
    var report: RunReport
    var status: ExitStatus
    /// The whole run's duration.
    var seconds: Double
    var now: HaloTimestamp
    /// Where the run records are.
    var store: CheckpointStore

    /// One metric family: its name, kind, help and samples (labels and value).
    private struct Family {
        var name: String
        var type: String
        var help: String
        var samples: [(labels: [(String, String)], value: Double)]
    }

    /// The file's text.
    var exposition: String {
        let records = report.accounts.map { (try? store.loadRunRecord(keyID: $0.keyID)) ?? nil }
        func perAccount(_ value: (AccountSummary, RunRecord?) -> Double?) -> [(labels: [(String, String)], value: Double)] {
            zip(report.accounts, records).compactMap { summary, record in
                value(summary, record).map { ([("key_id", summary.keyID)], $0) }
            }
        }
        let families = [
            Family(name: "halo_events_delivered_events_total", type: "counter", help: "Events delivered to the output, over every run recorded.",
                   samples: perAccount { $1.map { Double($0.totals.delivered) } }),
            Family(name: "halo_events_requests_total", type: "counter", help: "Requests to the Halo API, over every run recorded.",
                   samples: perAccount { $1.map { Double($0.totals.requests) } }),
            Family(name: "halo_events_retries_total", type: "counter", help: "Requests to the Halo API retried, over every run recorded.",
                   samples: perAccount { $1.map { Double($0.totals.retries) } }),
            Family(name: "halo_events_runs_total", type: "counter", help: "Runs of the account recorded.",
                   samples: perAccount { $1.map { Double($0.totals.runs) } }),
            Family(name: "halo_events_failures_total", type: "counter", help: "Runs of the account that failed, over every run recorded.",
                   samples: perAccount { $1.map { Double($0.totals.failures) } }),
            Family(name: "halo_events_run_delivered_events", type: "gauge", help: "Events delivered by the last run.",
                   samples: perAccount { summary, _ in Double(summary.delivered) }),
            Family(name: "halo_events_run_requests", type: "gauge", help: "Requests to the Halo API in the last run.",
                   samples: perAccount { summary, _ in Double(summary.requests.requests) }),
            Family(name: "halo_events_run_retries", type: "gauge", help: "Requests retried in the last run.",
                   samples: perAccount { summary, _ in Double(summary.requests.retries) }),
            Family(name: "halo_events_run_success", type: "gauge", help: "1 when the account's last run succeeded, else 0.",
                   samples: perAccount { summary, _ in summary.succeeded ? 1 : 0 }),
            Family(name: "halo_events_checkpoint_age_seconds", type: "gauge", help: "Seconds from the newest event delivered (the checkpoint) to the end of the last run.",
                   samples: perAccount { summary, _ in summary.newest.map { now.secondsSince1970 - $0.secondsSince1970 } }),
            Family(name: "halo_events_account_duration_seconds", type: "gauge", help: "Seconds the last run spent on the account.",
                   samples: perAccount { summary, _ in summary.seconds }),
            Family(name: "halo_events_run_duration_seconds", type: "gauge", help: "Seconds the last run took.", samples: [([], seconds)]),
            Family(name: "halo_events_run_exit_status", type: "gauge", help: "Exit status of the last run (0: every account delivered).",
                   samples: [([], Double(status.rawValue))]),
            Family(name: "halo_events_run_end_timestamp_seconds", type: "gauge", help: "When the last run ended (Unix time).",
                   samples: [([], now.secondsSince1970)]),
        ]
        var text = ""
        for family in families where !family.samples.isEmpty {
            text += "# HELP \(family.name) \(RunMetrics.escapeHelp(family.help))\n# TYPE \(family.name) \(family.type)\n"
            for sample in family.samples {
                let labels = sample.labels.map { "\($0)=\"\(RunMetrics.escapeLabel($1))\"" }.joined(separator: ",")
                text += family.name + (labels.isEmpty ? "" : "{\(labels)}") + " " + RunMetrics.format(sample.value) + "\n"
            }
        }
        return text
    }

    /// Writes the file atomically (mode 0644: node_exporter reads it as another user); the warning to say
    /// when it cannot.
    func write(to path: String) -> Diagnostics.Line? {
        do { try AtomicFile.write(Array(exposition.utf8), to: path, mode: 0o644) } catch { return Sentences.metricsNotWritten(path, error) }
        return nil
    }

    /// A label value as the format writes it: `\`, `"` and line feeds escaped.
    static func escapeLabel(_ value: String) -> String {
        value.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"").replacing("\n", with: "\\n")
    }

    /// A HELP text as the format writes it: `\` and line feeds escaped.
    static func escapeHelp(_ text: String) -> String { text.replacing("\\", with: "\\\\").replacing("\n", with: "\\n") }

    /// A sample value: integers without a fraction, others as Swift writes a Double (a float Prometheus parses).
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return value.description
    }
}
