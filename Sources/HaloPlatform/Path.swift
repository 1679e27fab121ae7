/// Path arithmetic on strings, with the results Foundation's `NSString` path methods give, without Foundation.
public enum Path {
    /// `component` appended to `directory`, with a slash between unless `directory` ends in one
    /// (`NSString.appendingPathComponent`).
    public static func appending(_ component: String, to directory: String) -> String {
        if component.isEmpty { return directory }
        if directory.isEmpty { return component }
        return directory.hasSuffix("/") ? directory + component : directory + "/" + component
    }

    /// The path without its last component: `/a/b` → `/a`, `/a` → `/`, `a` → `` (`NSString.deletingLastPathComponent`).
    public static func directory(of path: String) -> String {
        let path = tidied(path)
        guard path != "/", let slash = path.lastIndex(of: "/") else { return path == "/" ? "/" : "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The last component: `/a/b/` → `b`, `/` → `/` (`NSString.lastPathComponent`).
    public static func lastComponent(of path: String) -> String {
        let path = tidied(path)
        guard path != "/", let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// Runs of slashes collapsed to one, a trailing slash dropped (except for `/` itself).
    private static func tidied(_ path: String) -> String {
        var result = ""
        for c in path where !(c == "/" && result.last == "/") { result.append(c) }
        if result.count > 1, result.last == "/" { result.removeLast() }
        return result
    }
}
