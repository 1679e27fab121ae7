/// One Halo API key (one Halo account): its key id and secret.
///
/// The secret is reachable only by the API client that sends it; every description, debug description and
/// mirror of this value shows the key id alone, so interpolating a key into a message cannot leak it.
public struct APIKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The key id, as shown in the Halo portal (not secret; names the account in messages and files).
    public let keyID: String
    package let secret: String

    public init(keyID: String, secret: String) {
        self.keyID = keyID
        self.secret = secret
    }

    public var description: String { "key \(keyID)" }
    public var debugDescription: String { "APIKey(keyID: \(keyID), secret: <hidden>)" }
    public var customMirror: Mirror { Mirror(self, children: ["keyID": keyID]) }
}
