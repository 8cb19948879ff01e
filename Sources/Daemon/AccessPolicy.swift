import Control
import Posix

#if canImport(Glibc)
import Glibc
#endif

/// Who may do what on the control socket, decided from the peer's credentials (SO_PEERCRED).
///
/// `admin` may call every method; `read` only those that look (`ControlMethod.isReadOnly`).
/// root and the daemon's own user are always admins. Without any configured list, members of
/// the socket's group may read: the file mode already let them connect.
struct AccessPolicy: Sendable {
    enum Level: Sendable, Equatable {
        case read
        case admin
    }

    /// Why the configured names could not be used.
    struct ResolutionError: Error, CustomStringConvertible {
        var description: String
    }

    var adminUsers: Set<UInt32>
    var adminGroups: Set<UInt32>
    var readUsers: Set<UInt32>
    var readGroups: Set<UInt32>

    /// Resolves the configuration's user and group names.
    init(_ control: DaemonConfiguration.Control, socketGroup: UInt32) throws(ResolutionError) {
        func ids(_ names: [String], _ key: String, _ kind: String, _ lookup: (String) -> UInt32?) throws(ResolutionError) -> Set<UInt32> {
            var ids: Set<UInt32> = []
            for name in names {
                guard let id = lookup(name) else {
                    throw ResolutionError(description: "control.\(key): no \(kind) \"\(name)\" on this system")
                }
                ids.insert(id)
            }
            return ids
        }
        func users(_ names: [String], _ key: String) throws(ResolutionError) -> Set<UInt32> {
            try ids(names, key, "user", UserDatabase.userID)
        }
        func groups(_ names: [String], _ key: String) throws(ResolutionError) -> Set<UInt32> {
            try ids(names, key, "group", UserDatabase.groupID)
        }
        adminUsers = try users(control.adminUsers, "admin_users").union([0, geteuid()])
        adminGroups = try groups(control.adminGroups, "admin_groups")
        readUsers = try users(control.readUsers, "read_users")
        readGroups = try groups(control.readGroups, "read_groups")
        let configured = !(control.adminUsers.isEmpty && control.adminGroups.isEmpty && control.readUsers.isEmpty && control.readGroups.isEmpty)
        if !configured { readGroups = [socketGroup] }
    }

    /// The peer's level, or nil when it may do nothing.
    func level(uid: UInt32, groups: Set<UInt32>) -> Level? {
        if adminUsers.contains(uid) || !adminGroups.isDisjoint(with: groups) { return .admin }
        if readUsers.contains(uid) || !readGroups.isDisjoint(with: groups) { return .read }
        return nil
    }
}

extension ControlMethod {
    /// Methods that only look: open to readers as well as admins.
    var isReadOnly: Bool {
        switch self {
        case .version, .feedList, .feedShow, .articleGet, .articleList, .articleSearch, .tail, .stats, .metrics, .jobsList: true
        default: false
        }
    }
}
