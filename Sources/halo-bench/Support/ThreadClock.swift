import HaloPlatform

/// CPU time of the calling thread (`CLOCK_THREAD_CPUTIME_ID`): what one core spent on the work, whatever
/// else the machine's cores are busy with.
enum ThreadClock {
    static func now() -> Duration {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return .seconds(Int64(ts.tv_sec)) + .nanoseconds(Int64(ts.tv_nsec))
    }
}
