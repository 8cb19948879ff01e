import ArgumentParser
import FeedFarm
import Foundation

/// `newsd-bench`: loopback feed sites for the demo and benchmarks.
struct NewsdBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newsd-bench", abstract: "Loopback news sites for newsd's demo and benchmarks.",
        subcommands: [Serve.self, Farm.self, FarmServer.self, DedupePairsGenerate.self, DedupePairs.self, DedupeBench.self, ExtractBench.self, ParseBenchmark.self])
}

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve a synthetic news site on 127.0.0.1 (the demo's feeds and article pages).",
        discussion: "Feeds are at /feeds/1.xml … /feeds/N.xml; odd feeds are English RSS 2.0, even feeds Arabic Atom.")

    @Option(help: "Port on 127.0.0.1 (0 picks a free one).") var port = 8088
    @Option(help: "How many feeds.") var feeds = 4
    @Option(help: "Items in each feed at start.") var initialItems = 5
    @Option(help: ArgumentHelp("Publish a new item in every feed this often, in seconds (0: never).", valueName: "seconds"))
    var publishEvery: Double = 10

    func run() throws {
        let site = NewsSite(configuration: .init(
            feeds: feeds, initialItems: initialItems, publishInterval: publishEvery > 0 ? publishEvery : nil))
        let server = try HTTPServer(port: port) { request in site.respond(to: request) }
        FileHandle.standardError.write(Data("newsd-bench: demo site on \(server.baseURL) (\(feeds) feeds)\n".utf8))
        while true { sleep(3600) }
    }
}

NewsdBench.main()
