package io.switchboard.channels.email;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;

/**
 * An HTML mail part reduced to plain text with jsoup: scripts, styles and head are dropped,
 * line and block breaks kept, entities decoded; nothing is fetched or executed (jsoup only
 * parses). The text is what the customer saw, never markup an agent's browser would render.
 */
final class HtmlText {
    private static final String BLOCKS = "p, div, li, tr, h1, h2, h3, h4, h5, h6, blockquote, table, ul, ol";

    private HtmlText() {
    }

    static String of(String html) {
        Document doc = Jsoup.parse(html);
        doc.select("script, style, head, title, noscript, template").remove();
        for (Element br : doc.select("br")) {
            br.after(new TextNode("\n"));
        }
        for (Element block : doc.select(BLOCKS)) {
            block.prependChild(new TextNode("\n"));
            block.appendChild(new TextNode("\n"));
        }
        String text = doc.body() == null ? doc.wholeText() : doc.body().wholeText();
        return text.replace('\u00A0', ' ').replaceAll("[ \\t\\x0B\\f\\r]+", " ").replaceAll(" *\\n *", "\n")
                .replaceAll("\\n{2,}", "\n").strip();
    }
}
