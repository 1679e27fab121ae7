/// The fields real events carry beyond the documented example: `additional_details`, the `ec2_*` facts of
/// a workload on AWS, and the log line behind a log-IDS finding (`original_log_entry`; XML on Windows).
///
/// Drawn from a stream of their own, so switching them on leaves every other field as it was.
enum ExtraFields {
    static let regions = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-northeast-1"]
    static let instanceTypes = ["t3.micro", "m5.large", "c5.xlarge", "r6g.2xlarge"]

    /// Appends the extra fields that fit an event of `kind` and `type` (on `server` when `hasServer`).
    static func append(to fields: inout [EventField], kind: SimulatedEventKind, type: String?, server: SimulatedServer,
                       hasServer: Bool, rng: inout SplitMix64) {
        if hasServer && rng.chance(0.7) {
            let region = rng.pick(regions)
            fields.append(EventField("ec2_instance_id", .string("i-" + String(hex(rng.next(), width: 16).prefix(17)))))
            fields.append(EventField("ec2_account_id", .string(String(100_000_000_000 + rng.below(900_000_000_000)))))
            fields.append(EventField("ec2_region", .string(region)))
            fields.append(EventField("ec2_availability_zone", .string(region + ["a", "b", "c"][rng.below(3)])))
            fields.append(EventField("ec2_image_id", .string("ami-" + hex(rng.next(), width: 16))))
            fields.append(EventField("ec2_instance_type", .string(rng.pick(instanceTypes))))
            fields.append(EventField("ec2_security_groups", .string("sg-" + hex(rng.next() & 0xFFFF_FFFF, width: 8))))
        }
        if kind == .finding && hasServer && (type ?? "").hasPrefix("lids_") {
            fields.append(EventField("original_log_entry", .string(logEntry(server: server, rng: &rng))))
        }
        if rng.chance(0.5) {
            fields.append(EventField("additional_details", .object([
                "source": .string(rng.pick(["agent", "scan", "portal", "api"])),
                "retries": .int(Int64(rng.below(4))),
                "note": rng.chance(0.8) ? .string(rng.pick(notes)) : .null,
            ])))
        }
    }

    private static let notes = ["uploaded after the agent reconnected", "first seen", "repeated 3 times", "policy v2 \"strict\""]

    /// A syslog line on Linux, an event-log XML record on Windows.
    private static func logEntry(server: SimulatedServer, rng: inout SplitMix64) -> String {
        let pid = 1000 + rng.below(60_000)
        if server.platform == "Windows" {
            return "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><System><EventID>4625</EventID>"
                + "<Computer>\(server.hostname)</Computer></System><EventData><Data Name=\"TargetUserName\">Administrator</Data>"
                + "<Data Name=\"IpAddress\">\(server.ip)</Data></EventData></Event>"
        }
        return "May  1 11:59:58 \(server.hostname) sshd[\(pid)]: Failed password for invalid user admin from \(server.ip) port \(1024 + rng.below(60_000)) ssh2"
    }
}
