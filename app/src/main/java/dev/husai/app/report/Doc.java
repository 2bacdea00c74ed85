package dev.husai.app.report;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The report as a list of blocks, rendered once to Markdown (figures linked) and once to HTML (figures inlined
 * as data URIs, every string escaped), so the two never disagree.
 */
final class Doc {
    sealed interface Block permits Heading, Text, Bullets, Table, Image {
    }

    record Heading(int level, String text) implements Block {
    }

    record Text(String text) implements Block {
    }

    record Bullets(List<String> items) implements Block {
    }

    record Table(List<String> header, List<List<String>> rows) implements Block {
    }

    record Image(Figure figure) implements Block {
    }

    private final List<Block> blocks = new ArrayList<>();

    Doc add(Block b) {
        blocks.add(b);
        return this;
    }

    Doc heading(int level, String text) {
        return add(new Heading(level, text));
    }

    Doc text(String text) {
        return add(new Text(text));
    }

    String markdown() {
        StringBuilder s = new StringBuilder();
        for (Block b : blocks) {
            if (b instanceof Heading h) {
                s.append("#".repeat(h.level())).append(' ').append(h.text()).append("\n\n");
            } else if (b instanceof Text t) {
                s.append(t.text()).append("\n\n");
            } else if (b instanceof Bullets l) {
                l.items().forEach(i -> s.append("- ").append(i).append('\n'));
                s.append('\n');
            } else if (b instanceof Table t) {
                s.append("| ").append(String.join(" | ", t.header())).append(" |\n|");
                t.header().forEach(h -> s.append("---|"));
                s.append('\n');
                t.rows().forEach(r -> s.append("| ").append(String.join(" | ", r)).append(" |\n"));
                s.append('\n');
            } else if (b instanceof Image i) {
                s.append("![").append(i.figure().caption()).append("](figures/").append(i.figure().name())
                        .append(".png)\n*").append(i.figure().caption()).append("*\n\n");
            }
        }
        return s.toString();
    }

    String html(String title) {
        StringBuilder s = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(title)).append("</title><style>body{font:14px/1.45 system-ui,sans-serif;max-width:1100px;"
                        + "margin:2em auto;padding:0 1em;color:#222}table{border-collapse:collapse;margin:.5em 0 1.2em}"
                        + "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f2f2f2}"
                        + "td:first-child,th:first-child{text-align:left}figure{display:inline-block;margin:.4em;"
                        + "vertical-align:top;width:470px}figcaption{font-size:12px;color:#555}</style></head><body>\n");
        for (Block b : blocks) {
            if (b instanceof Heading h) {
                s.append("<h").append(h.level()).append('>').append(esc(h.text())).append("</h").append(h.level()).append(">\n");
            } else if (b instanceof Text t) {
                s.append("<p>").append(esc(t.text())).append("</p>\n");
            } else if (b instanceof Bullets l) {
                s.append("<ul>");
                l.items().forEach(i -> s.append("<li>").append(esc(i)).append("</li>"));
                s.append("</ul>\n");
            } else if (b instanceof Table t) {
                table(s, t);
            } else if (b instanceof Image i) {
                s.append("<figure><img alt=\"").append(esc(i.figure().caption()))
                        .append("\" width=\"460\" src=\"data:image/png;base64,")
                        .append(Base64.getEncoder().encodeToString(i.figure().png())).append("\"><figcaption>")
                        .append(esc(i.figure().caption())).append("</figcaption></figure>\n");
            }
        }
        return s.append("</body></html>\n").toString();
    }

    private static void table(StringBuilder s, Table t) {
        s.append("<table><tr>");
        t.header().forEach(h -> s.append("<th>").append(esc(h)).append("</th>"));
        s.append("</tr>");
        for (List<String> r : t.rows()) {
            s.append("<tr>");
            r.forEach(c -> s.append("<td>").append(esc(c)).append("</td>"));
            s.append("</tr>");
        }
        s.append("</table>\n");
    }

    /** HTML text escaping of {@code & < > " '}. */
    static String esc(String v) {
        StringBuilder s = new StringBuilder(v.length());
        for (char c : v.toCharArray()) {
            switch (c) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&#39;");
                default -> s.append(c);
            }
        }
        return s.toString();
    }
}
