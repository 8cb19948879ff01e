import Foundation
import Markup

/// What each element's start and end do.
extension XMLFeedReader {
    /// Where feedparser's `_get_context()` puts a value: the current entry, the feed, or
    /// nowhere we keep (an image, a text input, an item's source).
    enum Target { case entry, feed, ignored }

    var contextTarget: Target {
        if inSource > 0 { return .ignored }
        if inImage > 0 && feedHasImage { return .ignored }
        if inTextInput > 0 { return .ignored }
        return inEntry ? .entry : .feed
    }

    /// Where an ended element's text goes (feedparser's `pop`).
    var storeTarget: Target {
        if inEntry && inSource == 0 { return .entry }
        if inFeed || inSource > 0 { return contextTarget == .entry ? .ignored : contextTarget }
        return .ignored
    }

    var expectsText: Bool { inFeed || inEntry || inSource > 0 }

    mutating func start(_ element: FeedElement, attributes: AttributeList) {
        switch element {
        case .rss:
            if !version.hasPrefix("rss") {
                let declared = attributes["version"] ?? ""
                let known = ["0.91": "rss091u", "0.92": "rss092", "0.93": "rss093", "0.94": "rss094"]
                version = known[declared] ?? (declared.hasPrefix("2.") ? "rss20" : "rss")
            }
        case .channel:
            inFeed = true
            cdfAttributes(attributes)
        case .feed:
            inFeed = true
            if version.isEmpty {
                version = ["0.1": "atom01", "0.2": "atom02", "0.3": "atom03"][attributes["version"] ?? ""] ?? "atom"
            }
        case .item:
            entries.append(EntryDraft())
            push(.item, expectingText: false)
            inEntry = true
            guidIsLink = false
            titleDepth = -1
            if let about = attributes["rdf:about"], !about.isEmpty, contextTarget == .entry {
                entries[entries.count - 1].id = about
                entries[entries.count - 1].guid = about
            }
            cdfAttributes(attributes)
        case .image:
            if !inEntry, contextTarget == .feed { feedHasImage = true }
            inImage += 1
            titleDepth = -1
            push(.image, expectingText: false)
        case .textInput:
            inTextInput += 1
            titleDepth = -1
            push(.textInput, expectingText: false)
        case .source:
            push(.source, expectingText: true)
            inSource += 1
            titleDepth = -1
        case .author:
            inAuthor = true
            push(.author, expectingText: true)
            updateAuthors { $0.records.append(FeedPerson()) }
        case .contributor:
            inContributor = true
            push(.contributor, expectingText: false)
        case .publisher:
            push(.publisher, expectingText: true)
        case .itunesOwner:
            inPublisher = true
            push(.itunesOwner, expectingText: false)
        case .name, .email:
            push(element, expectingText: false)
        case .uri:
            push(.uri, expectingText: true)
        case .title, .mediaTitle:
            pushContent(element, attributes: attributes, defaultType: "text/plain", expectingText: expectsText)
        case .description, .summary:
            if hasSummary(in: contextTarget), !hasContent {
                descriptionIsContent = true
                hasContent = true
                pushContent(.content, attributes: attributes, defaultType: "text/plain", expectingText: true)
            } else if element == .description {
                pushContent(.description, attributes: attributes, defaultType: "text/html", expectingText: expectsText)
            } else {
                pushContent(.summary, attributes: attributes, defaultType: "text/plain", expectingText: true)
            }
        case .abstract:
            pushContent(.description, attributes: attributes, defaultType: "text/plain", expectingText: expectsText)
        case .subtitle, .rights, .info:
            pushContent(element, attributes: attributes, defaultType: "text/plain", expectingText: true)
        case .content:
            hasContent = true
            pushContent(.content, attributes: attributes, defaultType: "text/plain", expectingText: true)
        case .contentEncoded:
            hasContent = true
            pushContent(.content, attributes: attributes, defaultType: "text/html", expectingText: true)
        case .body:
            pushContent(.content, attributes: attributes, defaultType: "application/xhtml+xml", expectingText: true)
        case .link:
            startLink(attributes)
        case .guid:
            guidIsLink = (attributes["ispermalink"] ?? "true") == "true"
            push(.guid, expectingText: true)
        case .language, .published, .updated, .created, .madeUpTags, .mediaKeywords, .itunesKeywords:
            push(element, expectingText: true)
        case .category, .keywords:
            updateCategories { $0.add(term: attributes["term"], scheme: attributes["scheme"] ?? attributes["domain"], label: attributes["label"]) }
            push(.category, expectingText: true)
        case .mediaCategory:
            let scheme = attributes["scheme"] ?? "http://search.yahoo.com/mrss/category_schema"
            updateCategories { $0.add(term: attributes["term"], scheme: scheme, label: attributes["label"]) }
            push(.category, expectingText: true)
        case .itunesCategory:
            updateCategories { $0.add(term: attributes["text"], scheme: "http://www.itunes.com/", label: nil) }
            push(.category, expectingText: true)
        case .enclosure:
            if let url = attributes["url"] ?? attributes["uri"] ?? attributes["href"], !url.isEmpty {
                addEnclosure(url: Self.resolve(url, against: currentBase), type: attributes["type"], length: attributes["length"])
            }
        case .mediaContent:
            if let url = attributes["url"], !url.isEmpty,
                attributes["medium"] == "image" || attributes["type"]?.hasPrefix("image/") == true
            {
                setImage(Self.resolve(url, against: currentBase), replacing: false)
            }
        case .mediaThumbnail:
            push(.mediaThumbnail, expectingText: true)
            if let url = attributes["url"], !url.isEmpty { setImage(Self.resolve(url, against: currentBase), replacing: true) }
        case .itunesImage:
            push(.itunesImage, expectingText: false)
            if let url = attributes["href"] ?? attributes["url"], !url.isEmpty {
                setImage(Self.resolve(url, against: currentBase), replacing: false)
            }
        case .ignoredText:
            push(.ignoredText, expectingText: false)
        case .transparent:
            break
        case .unknown:
            // feedparser keeps an unknown element's text apart, unless it has attributes.
            if attributes.isEmpty { push(.unknown, expectingText: false) }
        }
    }

    mutating func end(_ frame: Frame) {
        var finished: FinishedText?
        if frame.captures, let capture = captures.popLast() {
            finished = finish(capture, base: currentBase)
            recycle(capture.bytes)
        }
        if frame.element.isTextConstruct, frame.captures {
            contentDepth -= 1
            contentType = nil
        }
        let value = finished.map { $0.element.isTextConstruct ? "" : $0.value } ?? ""
        // What the text was collected as: `fullitem` is content, `abstract` a description, and
        // a description or summary after the summary was read as content.
        let element = finished?.element ?? frame.element
        switch element {
        case .channel, .feed:
            inFeed = false
        case .item:
            inEntry = false
            hasContent = false
        case .image:
            inImage -= 1
        case .textInput:
            inTextInput -= 1
        case .source:
            inSource -= 1
        case .author:
            updateAuthors { authors in
                guard let last = authors.records.indices.last else { return }
                if authors.records[last].name == nil, authors.records[last].email == nil, !value.isEmpty {
                    let parsed = AuthorList.parse(value)
                    authors.records[last].name = parsed.name
                    authors.records[last].email = parsed.email
                }
            }
            inAuthor = false
        case .contributor:
            inContributor = false
        case .itunesOwner:
            inPublisher = false
        case .name, .email, .uri:
            guard !inPublisher, inAuthor else { break }
            updateAuthors { authors in
                if authors.records.isEmpty { authors.records.append(FeedPerson()) }
                let last = authors.records.count - 1
                switch frame.element {
                case .name: authors.records[last].name = value.isEmpty ? nil : value
                case .email: authors.records[last].email = value.isEmpty ? nil : value
                default: authors.records[last].url = value.isEmpty ? nil : value
                }
            }
        case .title, .mediaTitle:
            endTitle(finished, isMediaTitle: frame.element == .mediaTitle)
        case .description, .summary:
            if let finished, finished.stored { storeSummary(finished, isDescription: element == .description) }
        case .subtitle:
            if let finished, finished.stored, storeTarget == .feed { feed.subtitle = finished.text }
        case .content:
            endContent(finished)
        case .link:
            if frame.captures, let finished, finished.stored { storeLink(finished.value) }
        case .guid:
            endGUID(finished)
        case .language:
            if let finished, finished.stored, storeTarget == .feed { feed.language = value }
        case .published, .updated:
            let date = FeedDate.parse(value)
            switch contextTarget {
            case .entry where frame.element == .published: entries[entries.count - 1].published = date
            case .entry: entries[entries.count - 1].updated = date
            case .feed where frame.element == .updated: feed.updated = date
            default: break
            }
        case .category:
            updateCategories { $0.addText(value) }
        case .mediaThumbnail:
            if !value.isEmpty, imageURLIsEmpty { setImage(value, replacing: false) }
        case .madeUpTags, .mediaKeywords, .itunesKeywords:
            let scheme: String? = frame.element == .itunesKeywords ? "http://www.itunes.com/" : nil
            for term in value.split(separator: ",") {
                let trimmed = FeedTextRendering.pythonStrip(String(term))
                if !trimmed.isEmpty || frame.element == .madeUpTags {
                    updateCategories { $0.add(term: trimmed, scheme: scheme, label: nil) }
                }
            }
        default:
            break
        }
    }

    // MARK: Element helpers

    /// CDF puts a channel's or item's link and date in attributes.
    mutating func cdfAttributes(_ attributes: AttributeList) {
        if let modified = attributes["lastmod"] {
            let date = FeedDate.parse(modified)
            switch contextTarget {
            case .entry: entries[entries.count - 1].updated = date
            case .feed: feed.updated = date
            case .ignored: break
            }
        }
        if let href = attributes["href"] {
            storeLink(Self.resolve(FeedTextRendering.pythonStrip(href), against: currentBase))
        }
    }

    /// `<link>`: Atom's `href` (the page when `rel` is alternate and the type HTML; media when
    /// `rel` is enclosure), or RSS's text.
    mutating func startLink(_ attributes: AttributeList) {
        let rel = (attributes["rel"] ?? "alternate").lowercased()
        let type = Self.mediaType(attributes["type"] ?? (rel == "self" ? "application/atom+xml" : "text/html"))
        guard let href = attributes["url"] ?? attributes["uri"] ?? attributes["href"], !href.isEmpty else {
            // A link given as text counts only as the page (`rel` alternate, RSS's default).
            push(rel == "alternate" ? .link : .ignoredText, expectingText: expectsText)
            return
        }
        let resolved = Self.resolve(href, against: currentBase)
        if rel == "enclosure", !(inEntry && inImage > 0) {
            addEnclosure(url: resolved, type: attributes["type"], length: attributes["length"])
        }
        if rel == "alternate", type == "text/html" || type == "application/xhtml+xml" {
            switch contextTarget {
            case .entry: entries[entries.count - 1].link = resolved
            case .feed: feed.link = resolved
            case .ignored: break
            }
        }
    }

    /// An RSS `<link>`'s text (or a CDF `href`).
    mutating func storeLink(_ value: String) {
        switch storeTarget {
        case .entry:
            guard inImage == 0 else { return }
            var link = value
            if link.utf8.contains(UInt8(ascii: "&")) {
                link = Self.unterminatedReferences(link.replacingOccurrences(of: "&amp;", with: "&"))
            }
            entries[entries.count - 1].link = link
        case .feed:
            feed.link = Self.unterminatedReferences(value)
        case .ignored:
            break
        }
    }

    /// feedparser's repair of query strings a loose parser mangled: `&b;=2` → `&b=2`.
    static func unterminatedReferences(_ link: String) -> String {
        guard link.utf8.contains(UInt8(ascii: "&")), link.utf8.contains(UInt8(ascii: ";")) else { return link }
        return link.replacingOccurrences(of: #"&([A-Za-z0-9_]+);"#, with: "&$1", options: .regularExpression)
    }

    mutating func endTitle(_ finished: FinishedText?, isMediaTitle: Bool) {
        let previousDepth = titleDepth
        guard let finished else { return }
        let elementDepth = depth + 1
        if finished.stored, !(titleDepth > -1 && titleDepth <= elementDepth) {
            switch storeTarget {
            case .entry:
                if entries[entries.count - 1].allows(.title, depth: elementDepth) {
                    entries[entries.count - 1].title = finished.text
                }
            case .feed: feed.title = finished.text
            case .ignored: break
            }
        }
        if !finished.text.isEmpty { titleDepth = elementDepth }
        if isMediaTitle { titleDepth = previousDepth }
    }

    mutating func storeSummary(_ finished: FinishedText, isDescription: Bool) {
        switch storeTarget {
        case .entry:
            if entries[entries.count - 1].allows(.summary, depth: depth + 1) {
                entries[entries.count - 1].summary = finished.text
            }
        case .feed:
            // A feed's description is its subtitle; its summary (itunes:summary) is apart.
            if isDescription { feed.subtitle = finished.text } else { feedHasSummary = true }
        case .ignored:
            break
        }
    }

    mutating func endContent(_ finished: FinishedText?) {
        descriptionIsContent = false
        guard let finished, finished.stored else { return }
        guard storeTarget == .entry else { return }
        entries[entries.count - 1].contents.append(finished.text)
        // The content stands in for a missing summary (text and HTML only).
        if finished.type == "text/plain" || finished.type == "text/html" || finished.type == "application/xhtml+xml",
            entries[entries.count - 1].summary == nil, entries[entries.count - 1].depths[.summary] == nil
        {
            entries[entries.count - 1].summary = finished.text
            entries[entries.count - 1].depths[.summary] = Int.max
        }
    }

    mutating func endGUID(_ finished: FinishedText?) {
        guard let finished else { return }
        if finished.stored, storeTarget == .entry, entries[entries.count - 1].allows(.id, depth: depth + 1) {
            entries[entries.count - 1].id = finished.value
            entries[entries.count - 1].guid = finished.raw
        }
        // A permalink guid is the item's page when it has no link (and is a web address).
        if guidIsLink, contextTarget == .entry, entries[entries.count - 1].link == nil, URLResolver.isHTTP(finished.value) {
            entries[entries.count - 1].link = finished.value
        }
    }

    /// Whether the context already has a summary (so a second description is content).
    mutating func hasSummary(in target: Target) -> Bool {
        switch target {
        case .entry: entries[entries.count - 1].summary != nil || entries[entries.count - 1].depths[.summary] != nil
        case .feed: feedHasSummary
        case .ignored: false
        }
    }

    mutating func updateAuthors(_ change: (inout AuthorList) -> Void) {
        switch contextTarget {
        case .entry: change(&entries[entries.count - 1].authors)
        case .feed: change(&feed.authors)
        case .ignored: break
        }
    }

    mutating func updateCategories(_ change: (inout CategoryList) -> Void) {
        switch contextTarget {
        case .entry: change(&entries[entries.count - 1].categories)
        case .feed: change(&feed.categories)
        case .ignored: break
        }
    }

    mutating func addEnclosure(url: String, type: String?, length: String?) {
        guard contextTarget == .entry else { return }
        let trimmedLength = length.map { FeedTextRendering.pythonStrip($0) }
        let enclosure = FeedEnclosure(
            url: url, type: type.flatMap { $0.isEmpty ? nil : $0 }, length: trimmedLength.flatMap { Int($0) })
        entries[entries.count - 1].enclosures.append(enclosure)
        if imageURLIsEmpty, type?.hasPrefix("image/") == true { setImage(url, replacing: false) }
    }

    var imageURLIsEmpty: Bool {
        switch contextTarget {
        case .entry: entries[entries.count - 1].imageURL == nil
        case .feed: feed.imageURL == nil
        case .ignored: false
        }
    }

    mutating func setImage(_ url: String, replacing: Bool) {
        switch contextTarget {
        case .entry where replacing || entries[entries.count - 1].imageURL == nil: entries[entries.count - 1].imageURL = url
        case .feed where replacing || feed.imageURL == nil: feed.imageURL = url
        default: break
        }
    }
}
