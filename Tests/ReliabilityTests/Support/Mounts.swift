import Foundation
import HaloTesting

/// A file system mounted by a test on a directory of its own, unmounted when released: a small tmpfs (a disk
/// that fills up) or a read-only bind mount (a directory nobody can write, root included).
///
/// As root, permission bits do not stop writes; a read-only mount or the immutable attribute
/// (``ImmutableAttribute``) does. Mounting needs CAP_SYS_ADMIN: when it is refused, ``MountError`` carries
/// `mount`'s own message.
final class Mount {
    let path: String
    private var mounted = true

    private init(path: String) { self.path = path }

    /// Mounts a tmpfs of `size` (e.g. `64k`) on `path` (created if missing).
    static func tmpfs(at path: String, size: String) throws -> Mount {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try run(["-t", "tmpfs", "-o", "size=\(size),mode=0755", "tmpfs", path])
        return Mount(path: path)
    }

    /// Mounts `source` on `path` (created if missing), read-only.
    static func readOnlyBind(_ source: String, at path: String) throws -> Mount {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try run(["--bind", source, path])
        let mount = Mount(path: path)
        try mount.remount("bind,ro")
        return mount
    }

    /// Changes the size of a tmpfs (its files stay).
    func resize(_ size: String) throws { try remount("size=\(size)") }

    /// `mount -o remount,<options>`.
    func remount(_ options: String) throws { try Mount.run(["-o", "remount,\(options)", path]) }

    /// Unmounts it (again: nothing).
    func unmount() {
        guard mounted else { return }
        mounted = false
        _ = try? runProcess("/usr/bin/umount", ["-l", path], timeout: 30)
    }

    deinit { unmount() }

    private static func run(_ arguments: [String]) throws {
        let result = try runProcess("/usr/bin/mount", arguments, timeout: 30)
        guard result.status == 0 else {
            throw MountError(description: "mount \(arguments.joined(separator: " ")) failed (status \(result.status)): \(result.stderr)")
        }
    }
}

/// Why a test could not mount what it needs.
struct MountError: Error, CustomStringConvertible {
    var description: String
}

/// `chattr +i` on a file or directory (nothing may be created, renamed or removed in an immutable
/// directory, root included), taken back with `chattr -i` when released.
final class ImmutableAttribute {
    let path: String
    private var set = true

    init(_ path: String) throws {
        self.path = path
        let result = try runProcess("/usr/bin/chattr", ["+i", path], timeout: 30)
        guard result.status == 0 else { throw MountError(description: "chattr +i \(path) failed: \(result.stderr)") }
    }

    /// Takes the attribute back (again: nothing).
    func remove() {
        guard set else { return }
        set = false
        _ = try? runProcess("/usr/bin/chattr", ["-i", path], timeout: 30)
    }

    deinit { remove() }
}
