// The C library of the platform, re-exported: a file that needs POSIX calls imports `HaloPlatform` instead of
// choosing between Glibc, Musl and Darwin itself.
#if canImport(Glibc)
@_exported import Glibc
#elseif canImport(Musl)
@_exported import Musl
#elseif canImport(Darwin)
@_exported import Darwin
#endif
