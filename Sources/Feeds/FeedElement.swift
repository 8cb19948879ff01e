/// What an element of a feed document means to the reader, whatever the format or namespace
/// it comes from (RSS's `pubDate`, Atom's `published` and `dcterms:issued` are all
/// ``published``).
enum FeedElement: Equatable {
    // Structure.
    case rss, channel, feed, item, image, textInput, source
    // People.
    case author, contributor, publisher, name, email, uri, itunesOwner
    // Text constructs: content the reader keeps as text or HTML.
    case title, mediaTitle, description, abstract, summary, subtitle, rights, info
    case content, contentEncoded, body
    // Values.
    case link, guid, language, published, updated, created, ttl
    case category, mediaCategory, itunesCategory, keywords, mediaKeywords, itunesKeywords, madeUpTags
    case enclosure, mediaContent, mediaThumbnail, itunesImage
    /// Known, but nothing the model keeps; its text goes nowhere.
    case ignoredText
    /// Known as a container whose text goes nowhere (`media:group`, `cloud`).
    case transparent
    /// Any other element.
    case unknown

    /// The element a feed document's (namespace, local name) stands for.
    static func classify(namespaceURI: String?, prefix: String?, localName: String) -> FeedElement {
        let local = localName.lowercased()
        let canonical: String
        if let namespaceURI, !namespaceURI.isEmpty {
            let lower = namespaceURI.lowercased()
            if let known = namespacePrefixes[lower] {
                canonical = known
            } else if lower.contains("backend.userland.com/rss") {
                canonical = ""
            } else {
                canonical = prefix?.lowercased() ?? ""
            }
        } else {
            canonical = prefix?.lowercased() ?? ""
        }
        return elements[canonical.isEmpty ? local : canonical + "_" + local] ?? .unknown
    }

    /// Namespaces feed readers know, by the prefix feedparser gives them ("" for the core
    /// RSS and Atom namespaces).
    static let namespacePrefixes: [String: String] = {
        var table: [String: String] = [:]
        for core in [
            "http://backend.userland.com/rss", "http://blogs.law.harvard.edu/tech/rss", "http://purl.org/rss/1.0/",
            "http://my.netscape.com/rdf/simple/0.9/", "http://example.com/newformat#", "http://example.com/necho",
            "http://purl.org/echo/", "uri/of/echo/namespace#", "http://purl.org/pie/", "http://purl.org/atom/ns#",
            "http://www.w3.org/2005/atom", "http://purl.org/rss/1.0/modules/rss091#",
        ] {
            table[core] = ""
        }
        let prefixed: [(String, String)] = [
            ("http://purl.org/rss/1.0/modules/content/", "content"), ("http://purl.org/dc/elements/1.1/", "dc"),
            ("http://purl.org/dc/terms/", "dcterms"), ("http://www.itunes.com/dtds/podcast-1.0.dtd", "itunes"),
            ("http://example.com/dtds/podcast-1.0.dtd", "itunes"), ("http://search.yahoo.com/mrss", "media"),
            ("http://search.yahoo.com/mrss/", "media"), ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf"),
            ("http://www.w3.org/1999/xhtml", "xhtml"), ("http://www.w3.org/1999/xlink", "xlink"),
            ("http://www.w3.org/xml/1998/namespace", "xml"), ("http://rssnamespace.org/feedburner/ext/1.0", "feedburner"),
            ("http://purl.org/rss/1.0/modules/slash/", "slash"), ("http://wellformedweb.org/commentapi/", "wfw"),
            ("http://purl.org/rss/1.0/modules/syndication/", "sy"), ("http://www.georss.org/georss", "georss"),
            ("http://purl.org/rss/1.0/modules/textinput/", "ti"), ("http://webns.net/mvcb/", "admin"),
            ("http://purl.org/rss/1.0/modules/taxonomy/", "taxo"), ("http://purl.org/rss/1.0/modules/threading/", "thr"),
            ("http://podlove.org/simple-chapters", "psc"), ("http://www.w3.org/2003/01/geo/wgs84_pos#", "geo"),
        ]
        for (uri, prefix) in prefixed { table[uri] = prefix }
        return table
    }()

    /// Elements by canonical name: `prefix_local`, or `local` in the core namespaces.
    static let elements: [String: FeedElement] = [
        "rss": .rss, "channel": .channel, "feed": .feed, "item": .item, "entry": .item, "image": .image,
        "textinput": .textInput, "source": .source,
        "author": .author, "managingeditor": .author, "dc_author": .author, "dc_creator": .author,
        "itunes_author": .author, "contributor": .contributor, "dc_contributor": .contributor,
        "webmaster": .publisher, "dc_publisher": .publisher, "itunes_owner": .itunesOwner,
        "name": .name, "itunes_name": .name, "email": .email, "itunes_email": .email,
        "uri": .uri, "url": .uri, "homepage": .uri,
        "title": .title, "dc_title": .title, "media_title": .mediaTitle,
        "description": .description, "dc_description": .description, "media_description": .description,
        "abstract": .abstract, "summary": .summary, "itunes_summary": .summary,
        "subtitle": .subtitle, "tagline": .subtitle, "itunes_subtitle": .subtitle,
        "rights": .rights, "copyright": .rights, "dc_rights": .rights,
        "info": .info, "feedburner_browserfriendly": .info,
        "content": .content, "content_encoded": .contentEncoded, "fullitem": .contentEncoded,
        "body": .body, "xhtml_body": .body,
        "link": .link, "guid": .guid, "id": .guid, "language": .language, "dc_language": .language,
        "published": .published, "issued": .published, "pubdate": .published, "dcterms_issued": .published,
        "updated": .updated, "modified": .updated, "lastbuilddate": .updated, "dc_date": .updated,
        "dcterms_modified": .updated, "created": .created, "dcterms_created": .created, "ttl": .ttl,
        "category": .category, "dc_subject": .category, "keywords": .keywords, "media_category": .mediaCategory,
        "itunes_category": .itunesCategory, "media_keywords": .mediaKeywords, "itunes_keywords": .itunesKeywords,
        "tags": .madeUpTags,
        "enclosure": .enclosure, "media_content": .mediaContent, "media_thumbnail": .mediaThumbnail,
        "itunes_image": .itunesImage, "itunes_link": .itunesImage,
        "generator": .ignoredText, "expirationdate": .ignoredText, "newlocation": .ignoredText,
        "width": .ignoredText, "height": .ignoredText, "media_rating": .ignoredText, "media_credit": .ignoredText,
        "media_restriction": .ignoredText, "media_license": .ignoredText, "media_player": .ignoredText,
        "itunes_block": .ignoredText, "itunes_explicit": .ignoredText, "dcterms_valid": .ignoredText,
        "cloud": .transparent, "media_group": .transparent,
    ]

    /// Text constructs: elements whose children are markup (serialised into the text).
    var isTextConstruct: Bool {
        switch self {
        case .title, .mediaTitle, .description, .abstract, .summary, .subtitle, .rights, .info, .content,
            .contentEncoded, .body:
            true
        default: false
        }
    }
}
