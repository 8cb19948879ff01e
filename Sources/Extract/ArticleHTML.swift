import Markup

/// Renders the kept blocks of an article as sanitised HTML.
///
/// Built from an allow-list, never by cleaning the page's own markup: the only elements are
/// `h2`–`h6`, `p`, `ul`/`ol`/`li`, `blockquote`, `pre`, `table`/`tr`/`th`/`td`, `a` and `img`;
/// the only attributes `href`, `src` and `alt`, every URL absolute and http(s) (or mailto for a
/// link). Text is escaped, so nothing the page wrote can become markup.
enum ArticleHTML {
    static func render(_ blocks: [TextBlock], base: String?) -> String {
        var html = ""
        // Room for the text and its tags, so the string is not regrown as it is written.
        html.reserveCapacity(blocks.reduce(64) { $0 + $1.text.utf8.count + 16 })
        var index = 0
        while index < blocks.count {
            let block = blocks[index]
            switch block.container {
            case .list(let id, let ordered):
                let tag = ordered ? "ol" : "ul"
                html += "<\(tag)>"
                while index < blocks.count, case .list(id, _) = blocks[index].container {
                    if let item = item(blocks[index], base: base) {
                        html += "<li>"
                        html += item
                        html += "</li>"
                    }
                    index += 1
                }
                html += "</\(tag)>\n"
                continue
            case .table(let id, _, _):
                html += "<table><tbody>"
                var row = -1
                while index < blocks.count, case .table(id, let cellRow, let header) = blocks[index].container {
                    if cellRow != row {
                        if row >= 0 { html += "</tr>" }
                        html += "<tr>"
                        row = cellRow
                    }
                    html += header ? "<th>" : "<td>"
                    html += item(blocks[index], base: base) ?? ""
                    html += header ? "</th>" : "</td>"
                    index += 1
                }
                if row >= 0 { html += "</tr>" }
                html += "</tbody></table>\n"
                continue
            case nil:
                element(block, base: base, into: &html)
            }
            index += 1
        }
        return html
    }

    /// A block on its own, on its own line: a paragraph, heading, quote, preformatted text,
    /// list item or image.
    private static func element(_ block: TextBlock, base: String?, into html: inout String) {
        let open: String
        let close: String
        switch block.kind {
        case .image:
            guard let image = image(block, base: base) else { return }
            html += image
            html += "\n"
            return
        case .heading:
            let level = min(6, max(2, block.level))
            (open, close) = ("<h\(level)>", "</h\(level)>")
        case .quote:
            (open, close) = ("<blockquote><p>", "</p></blockquote>")
        case .preformatted:
            html += "<pre>"
            html += HTMLEscaping.text(block.text)
            html += "</pre>\n"
            return
        case .listItem:
            (open, close) = ("<ul><li>", "</li></ul>")
        case .paragraph, .loose:
            (open, close) = ("<p>", "</p>")
        }
        html += open
        html += inlineHTML(block, base: base)
        html += close
        html += "\n"
    }

    /// A block's text as inline HTML (its plain text, escaped, when it holds no links or
    /// other pieces: the same HTML without collapsing the text a second time).
    private static func inlineHTML(_ block: TextBlock, base: String?) -> String {
        block.inline.isSingleText ? HTMLEscaping.text(block.text) : block.inline.html(base: base)
    }

    /// The content of a list item or table cell.
    private static func item(_ block: TextBlock, base: String?) -> String? {
        block.kind == .image ? image(block, base: base) : inlineHTML(block, base: base)
    }

    private static func image(_ block: TextBlock, base: String?) -> String? {
        guard let source = block.source, let url = SafeURL.image(source, base: base) else { return nil }
        let alt = block.alt.map { PlainText.collapsingWhitespace($0) } ?? ""
        return "<img src=\"" + HTMLEscaping.attribute(url) + "\" alt=\"" + HTMLEscaping.attribute(alt) + "\">"
    }
}
