/// When files changed, as the kernel keeps it.
public enum FileTime {
    /// The modification time of the file at `path`, in seconds since 1970 (to the nanosecond the file
    /// system keeps), or `nil` when there is none.
    public static func modified(_ path: String) -> Double? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1_000_000_000
    }

    /// Sets the modification (and access) time of the file at `path` to `time` (seconds since 1970);
    /// `false` when it cannot (`errno` says why).
    @discardableResult
    public static func setModified(_ path: String, to time: Double) -> Bool {
        let seconds = time.rounded(.down)
        let stamp = timespec(tv_sec: Int(seconds), tv_nsec: Int((time - seconds) * 1_000_000_000))
        let times = [stamp, stamp]
        return utimensat(AT_FDCWD, path, times, 0) == 0
    }
}
