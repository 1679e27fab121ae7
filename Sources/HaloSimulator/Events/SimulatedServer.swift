import HaloModel

/// One workload of an account: the `server_*` fields its events carry, fixed per server.
struct SimulatedServer: Sendable {
    let id: String
    let hostname: String
    let label: String
    let platform: String
    let groupName: String
    let groupID: String
    let ip: String
    let primaryIP: String
    let fqdn: String?

    init(key: UInt64, accountKey: UInt64) {
        var rng = SplitMix64(key: key)
        id = hex(rng.next(), width: 16) + hex(rng.next(), width: 16)
        hostname = rng.pick(FieldPools.hostnames)
        label = rng.pick(FieldPools.labels)
        platform = hostname.hasPrefix("WIN") || rng.chance(0.15) ? "Windows" : "Linux"
        let group = rng.below(FieldPools.groupNames.count)
        groupName = FieldPools.groupNames[group]
        groupID = hex(hashKey(accountKey, UInt64(group), 1), width: 16) + hex(hashKey(accountKey, UInt64(group), 2), width: 16)
        ip = FieldPools.anyPublicIP(&rng)
        primaryIP = FieldPools.privateIPv4(&rng)
        fqdn = rng.chance(0.8) ? (rng.chance(0.3) ? "localhost" : hostname + FieldPools.fqdnSuffix) : nil
    }

    /// Appends the `server_*` fields (now and then one missing or `null`, as real events have them).
    func appendFields(to fields: inout [EventField], rng: inout SplitMix64) {
        fields.append(EventField("server_id", .string(id)))
        fields.append(EventField("server_platform", .string(platform)))
        fields.append(EventField("server_hostname", .string(hostname)))
        fields.append(EventField("server_label", .string(label)))
        fields.append(EventField("server_display_name", .string(hostname)))
        fields.append(EventField("server_group_name", .string(groupName)))
        if rng.chance(0.7) { fields.append(EventField("server_group_id", .string(groupID))) }
        fields.append(EventField("server_ip_address", .string(ip)))
        fields.append(EventField("server_primary_ip_address", .string(primaryIP)))
        fields.append(EventField("server_reported_fqdn", fqdn.map(JSONValue.string) ?? .null))
    }
}
