package dev.husai.app.report;

/**
 * One figure of the report, saved as {@code figures/NAME.png} and {@code figures/NAME.svg}.
 *
 * @param name    file stem
 * @param caption what it shows
 * @param png     the PNG bytes (inlined in the HTML report)
 */
record Figure(String name, String caption, byte[] png) {
}
