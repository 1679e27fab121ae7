/// Realistic values for generated fields: what Halo events carry for servers, people, policies and files.
enum FieldPools {
    static let hostnames = [
        "ip-10-2-20-76", "web-01", "web-02", "db-prod-1", "jlee-chef-node1", "WIN-2K19-DC01", "k8s-worker-7",
        "bastion", "payments-api-3", "ci-runner-12", "mail-gw", "ip-172-31-5-9",
    ]
    static let labels = [
        "Jlee-Chef-Node1", "Web front 1", "Web front 2", "Primary DB", "Domain controller", "Kubernetes worker",
        "Jump host", "Payments API", "CI runner", "Mail gateway",
    ]
    static let groupNames = ["old_smoke", "Production", "Web tier", "PCI", "Default Group", "Staging – EU", "Databases"]
    static let usernames = [
        "alice@example.com", "bob.smith@example.org", "secops@corp.example.com", "jörg.müller@beispiel.de",
        "api-auditor", "jlee", "ops-oncall@example.com",
    ]
    static let countries = ["US", "DE", "GB", "JP", "BR", "IN", "AU", "CA", "FR"]
    static let keyLabels = ["siem-readonly", "ci deploy key", "terraform", "auditor", "Splunk connector"]
    static let fimPolicies = ["FIM halo", "Core system files (Linux)", "Windows registry watch", "Web root integrity"]
    static let findingPolicies = ["CIS Ubuntu 20.04 L1", "PCI DSS Linux core", "Hardening baseline", "SSH watch (LIDS)", "Software vulnerability"]
    static let portalPolicies = ["Default deny inbound", "FIM halo", "CIS Ubuntu 20.04 L1", "Web tier firewall"]
    static let ruleNames = [
        "Ensure SSH root login is disabled", "Ensure password expiration is 90 days or less", "Failed su attempts",
        "Detect /etc/shadow read by non-root", "openssl < 1.1.1t (CVE-2023-0286)", "World-writable files in /etc",
    ]
    static let objectNames = [
        "/etc/passwd", "/etc/shadow", "/opt/cloudpassage/*/*", "/usr/bin/sudo", "/var/www/html/index.php",
        "C:\\Windows\\System32\\drivers\\etc\\hosts", "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run",
    ]
    static let fqdnSuffix = ".corp.example.com"

    /// A valid IPv4 address that looks public (never 0.x, 10.x, 127.x or multicast).
    static func publicIPv4(_ rng: inout SplitMix64) -> String {
        var first = 1 + rng.below(222)
        if first == 10 || first == 127 { first += 1 }
        return "\(first).\(rng.below(256)).\(rng.below(256)).\(1 + rng.below(254))"
    }

    /// A valid private IPv4 address (10.0.0.0/8).
    static func privateIPv4(_ rng: inout SplitMix64) -> String {
        "10.\(rng.below(256)).\(rng.below(256)).\(1 + rng.below(254))"
    }

    /// A valid IPv6 address in the documentation prefix, sometimes compressed with `::`.
    static func ipv6(_ rng: inout SplitMix64) -> String {
        let groups = (0..<6).map { _ in String(rng.below(0x10000), radix: 16) }
        if rng.chance(0.5) { return "2001:db8:" + groups.joined(separator: ":") }
        return "2001:db8:\(groups[0])::\(groups[1])"
    }

    /// A public address, IPv6 in about one case in eight.
    static func anyPublicIP(_ rng: inout SplitMix64) -> String {
        rng.chance(0.125) ? ipv6(&rng) : publicIPv4(&rng)
    }
}
