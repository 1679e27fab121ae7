/// One simulated Halo account: an API key (id and secret) with its own event stream.
public struct SimulatedAccount: Sendable, Hashable {
    /// Position of the account (0-based), as ``HaloSimulator/truth(account:)`` takes it.
    public var index: Int
    /// The API key id (8 hex digits, unique per simulator).
    public var keyID: String
    /// The API key secret (32 hex digits).
    public var secret: String

    /// The auth-file line for this key: `key_id|secret`.
    public var authFileLine: String { "\(keyID)|\(secret)" }
}

extension SimulatorConfiguration {
    /// The accounts, derived from the seed (the same seed gives the same keys).
    public var simulatedAccounts: [SimulatedAccount] {
        (0..<accounts).map { index in
            // An odd multiplier is a bijection modulo 2^32, so key ids never collide within a simulator.
            let keyBits = (mix64(seed ^ Salt.account) &+ UInt64(index) &* 0x9E37_79B9) & 0xFFFF_FFFF
            let secret = hex(hashKey(seed, Salt.account, UInt64(index), 1), width: 16)
                + hex(hashKey(seed, Salt.account, UInt64(index), 2), width: 16)
            return SimulatedAccount(index: index, keyID: hex(keyBits, width: 8), secret: secret)
        }
    }
}
