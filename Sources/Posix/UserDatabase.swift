#if canImport(Glibc)
import Glibc
#endif

/// Users and groups as the system knows them (passwd and group through NSS).
public enum UserDatabase {
    /// The user id of a user name, or of a number written as text.
    public static func userID(_ nameOrNumber: String) -> UInt32? {
        if let number = UInt32(nameOrNumber) { return number }
        return withBuffer { buffer in
            var entry = passwd()
            var result: UnsafeMutablePointer<passwd>?
            let code = getpwnam_r(nameOrNumber, &entry, buffer.baseAddress!, buffer.count, &result)
            return (code, result == nil ? nil : entry.pw_uid)
        }
    }

    /// The group id of a group name, or of a number written as text.
    public static func groupID(_ nameOrNumber: String) -> UInt32? {
        if let number = UInt32(nameOrNumber) { return number }
        return withBuffer { buffer in
            var entry = group()
            var result: UnsafeMutablePointer<group>?
            let code = getgrnam_r(nameOrNumber, &entry, buffer.baseAddress!, buffer.count, &result)
            return (code, result == nil ? nil : entry.gr_gid)
        }
    }

    /// A user's name, or nil when the id has no passwd entry.
    public static func userName(_ uid: UInt32) -> String? {
        withBuffer { buffer in
            var entry = passwd()
            var result: UnsafeMutablePointer<passwd>?
            let code = getpwuid_r(uid, &entry, buffer.baseAddress!, buffer.count, &result)
            return (code, result == nil ? nil : String(cString: entry.pw_name))
        }
    }

    /// Every group a user belongs to: the primary `gid` and the supplementary groups of its
    /// passwd entry.
    public static func groups(ofUser uid: UInt32, primaryGroup gid: UInt32) -> Set<UInt32> {
        guard let name = userName(uid) else { return [gid] }
        var count: Int32 = 64
        while true {
            var groups = [gid_t](repeating: 0, count: Int(count))
            var found = count
            if getgrouplist(name, gid, &groups, &found) >= 0 {
                return Set(groups.prefix(Int(found))).union([gid])
            }
            guard found > count, found < 65536 else { return [gid] }
            count = found
        }
    }

    /// Runs a `get*_r` call with a scratch buffer, growing it while the call says ERANGE.
    private static func withBuffer<T>(_ body: (UnsafeMutableBufferPointer<CChar>) -> (Int32, T?)) -> T? {
        var size = 1024
        while size <= 1 << 20 {
            let buffer = UnsafeMutableBufferPointer<CChar>.allocate(capacity: size)
            defer { buffer.deallocate() }
            let (code, value) = body(buffer)
            if code == ERANGE {
                size *= 4
                continue
            }
            return code == 0 ? value : nil
        }
        return nil
    }
}
