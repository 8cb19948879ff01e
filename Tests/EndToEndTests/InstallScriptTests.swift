import Foundation
import Testing

/// `.ci/install` run into a temporary root (`DESTDIR`) with the binaries this test run built.
@Suite struct InstallScriptTests {
    @Test func installsIntoARootKeepsAnOperatorsConfigurationAndUninstallsWhatItAdded() throws {
        let root = try TemporaryFolder()
        let fakeBin = try TemporaryFolder()
        // A systemctl that records being called: with DESTDIR set, the script must not call it.
        let calls = fakeBin.path + "/systemctl-calls"
        try "#!/bin/sh\necho \"$@\" >> \(calls)\n".write(toFile: fakeBin.path + "/systemctl", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fakeBin.path + "/systemctl")
        let environment = ProcessInfo.processInfo.environment.merging([
            "DESTDIR": root.path, "NEWSD_BIN_DIR": Binaries.url("newsd").deletingLastPathComponent().path,
            "PATH": fakeBin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
        ]) { $1 }
        func script(_ arguments: [String]) -> CommandResult {
            CommandResult.run(URL(fileURLWithPath: "/bin/bash"), [Repository.path(".ci/install")] + arguments, environment: environment)
        }

        let install = script([])
        #expect(install.status == 0, "\(install.stdout)\(install.stderr)")
        let expected: [(path: String, mode: Int, source: String?)] = [
            ("usr/local/bin/newsd", 0o755, Binaries.url("newsd").path),
            ("usr/local/bin/newsctl", 0o755, Binaries.url("newsctl").path),
            ("etc/systemd/system/newsd.service", 0o644, Repository.path("systemd/newsd.service")),
            ("etc/systemd/system/newsd.socket", 0o644, Repository.path("systemd/newsd.socket")),
            ("etc/logrotate.d/newsd", 0o644, Repository.path("systemd/newsd.logrotate")),
            ("etc/newsd/newsd.toml", 0o644, Repository.path("config/newsd.service.toml")),
        ]
        for file in expected {
            let path = root.path + "/" + file.path
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? Int) == file.mode, "\(file.path) has mode \(attributes[.posixPermissions] ?? "?")")
            if let source = file.source {
                #expect(FileManager.default.contentsEqual(atPath: path, andPath: source), "\(file.path) differs from \(source)")
            }
        }

        // An operator edits the configuration; installing again keeps the edit.
        let configuration = root.path + "/etc/newsd/newsd.toml"
        let edited = "# edited by the operator\n[workers]\ncount = 2\n"
        try edited.write(toFile: configuration, atomically: true, encoding: .utf8)
        let again = script(["install"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("kept the existing"))
        #expect(try String(contentsOfFile: configuration, encoding: .utf8) == edited)

        let uninstall = script(["uninstall"])
        #expect(uninstall.status == 0, "\(uninstall.stderr)")
        let left = try FileManager.default.subpathsOfDirectory(atPath: root.path).filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: root.path + "/" + path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
        #expect(left == ["etc/newsd/newsd.toml"])
        #expect(try String(contentsOfFile: configuration, encoding: .utf8) == edited)

        #expect(!FileManager.default.fileExists(atPath: calls), "systemctl ran with DESTDIR set")
        #expect(script(["reinstall"]).status == 64)
    }
}
