/// Facts about this toolkit that its outputs carry.
public enum HaloToolkit {
    /// The toolkit's version: the `<version>` of every CEF and LEEF header.
    public static let version = "1.0.0"
}
