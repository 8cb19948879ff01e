import ArgumentParser
import Control
import Foundation

struct JobsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs", abstract: "Look into the durable queue of article jobs, and retry dead ones.",
        subcommands: [List.self, Retry.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List jobs, newest first.")

        @OptionGroup var global: GlobalOptions
        @Option(help: ArgumentHelp("Only jobs in this state: queued, leased, done, dead.", valueName: "state"))
        var state: String?
        @Option(help: "At most this many.") var limit = 50

        func validate() throws {
            if let state, !["queued", "leased", "done", "dead"].contains(state) {
                throw ValidationError("--state must be one of queued, leased, done, dead")
            }
        }

        func run() throws {
            try NewsctlCommand.running {
                var client = try global.connect()
                let result = try client.call(.jobsList, JobsListParams(state: state, limit: limit), as: JobsListResult.self)
                if global.json { return try Output.json(result) }
                if result.jobs.isEmpty { return print("no jobs" + (state.map { " in state \($0)" } ?? "")) }
                Output.table(
                    ["ID", "STATE", "TRIES", "FEED", "WHEN", "URL"],
                    result.jobs.map { job in
                        let when = job.state == "queued" ? Output.relative(job.notBefore) : Output.relative(job.finished ?? job.created)
                        return [String(job.id), job.state, String(job.attempts), String(job.feedID), when, job.url]
                    })
                for job in result.jobs where job.state == "dead" || (job.state == "queued" && job.lastError != nil) {
                    print("job \(job.id): \(job.lastError ?? "")")
                }
            }
        }
    }

    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Queue dead jobs again with fresh attempts.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The dead job's id.") var id: Int64?
        @Flag(help: "Every dead job.") var allDead = false

        func validate() throws {
            if allDead == (id != nil) { throw ValidationError("name one job, or pass --all-dead") }
        }

        func run() throws {
            try NewsctlCommand.running {
                var client = try global.connect()
                let result = try client.call(.jobsRetry, JobsRetryParams(id: id, allDead: allDead ? true : nil), as: JobsRetryResult.self)
                if global.json { try Output.json(result) } else { print("queued \(result.retried) job(s) again") }
            }
        }
    }
}

struct ReloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload", abstract: "Reload the daemon's configuration file (as SIGHUP does).",
        discussion: "Feeds, intervals, worker count, job attempts and retention change at once; storage, control, log and fetch settings at the next start. An invalid file changes nothing and the errors are printed.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try NewsctlCommand.running {
            var client = try global.connect()
            let result = try client.call(.reload, NoParams(), as: ReloadResult.self)
            if global.json { try Output.json(result) } else { print(result.summary) }
        }
    }
}
