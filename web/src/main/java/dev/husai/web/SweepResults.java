package dev.husai.web;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The finished groups of a sweep directory ({@code husai sweep --out DIR}), read from each
 * {@code GROUP/summary.json} on every request (a running sweep adds groups as they finish). A summary that
 * cannot be read is reported in {@code errors} with its file name and skipped, never fatal.
 */
public final class SweepResults {
    private final Path dir;

    private SweepResults(Path dir) {
        this.dir = dir;
    }

    /** Results of the sweep under {@code dir}. */
    public static SweepResults of(Path dir) {
        return new SweepResults(dir);
    }

    /** No sweep configured: the API answers with an empty list and says how to get one. */
    public static SweepResults none() {
        return new SweepResults(null);
    }

    /** {@code {"dir", "groups": [result...], "errors": [..], "hint"?}}; blocking file reads, call off the event loop. */
    public JsonObject read() {
        JsonObject out = new JsonObject().put("groups", new JsonArray()).put("errors", new JsonArray());
        if (dir == null) {
            return out.put("hint", "no sweep directory: start with husai serve --sweep DIR or husai sweep --live");
        }
        out.put("dir", dir.toString());
        for (Path file : summaries()) {
            try {
                JsonObject s = new JsonObject(Files.readString(file));
                JsonObject result = s.getJsonObject("result");
                if (result == null) {
                    throw new IllegalArgumentException("expected a 'result' object, found keys " + s.fieldNames());
                }
                out.getJsonArray("groups").add(result.put("wallSeconds", s.getValue("wallSeconds")));
            } catch (IOException | DecodeException | IllegalArgumentException | ClassCastException e) {
                out.getJsonArray("errors").add(file.getParent().getFileName() + "/summary.json: expected a HUSAI group summary "
                        + "(JSON with a result object), found " + e.getMessage());
            }
        }
        return out;
    }

    private List<Path> summaries() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> groups = Files.list(dir)) {
            return groups.map(g -> g.resolve("summary.json")).filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
