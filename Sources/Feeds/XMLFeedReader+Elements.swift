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
        case .language, .published, .updated, .created, .ttl, .madeUpTags, .mediaKeywords, .itunesKeywords:
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
        case .ttl:
            if storeTarget == .feed, let minutes = Int(value.trimmingCharacters(in: .whitespacesAndNewlines)), minutes > 0 {
                feed.timeToLive = TimeInterval(min(minutes, 7 * 24 * 60)) * 60
            }
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
}
