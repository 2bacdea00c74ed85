package dev.husai.core.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON config beside a peer's weights ({@code cfg.json}, {@code config.json}), parsed at the edge into the HUSAI
 * metadata every snapshot carries: {@code format_version, source_format, arch, hook, d_in, d_sae, expansion, k}.
 */
final class CfgJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private CfgJson() {
    }

    /** Parses {@code text} as a JSON object; {@code where} names the file in errors. */
    static JsonNode parse(String text, String where) {
        try {
            JsonNode n = JSON.readTree(text);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("expected a JSON object in " + where + ", found " + n);
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("expected a JSON object in " + where + ", found malformed JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** A required positive integer field. */
    static int positiveInt(JsonNode cfg, String field, String where) {
        JsonNode v = cfg.get(field);
        if (v == null || !v.canConvertToInt() || v.asInt() < 1 || v.asDouble() != v.asInt()) {
            throw new IllegalArgumentException("expected a positive integer " + field + " in " + where + ", found "
                    + (v == null ? "none" : v.toString()));
        }
        return v.asInt();
    }

    /** The text of the first of {@code paths} (dot-separated) that is present and not null, else null. */
    static String firstText(JsonNode cfg, String... paths) {
        for (String p : paths) {
            JsonNode n = cfg;
            for (String part : p.split("\\.")) {
                n = n == null ? null : n.get(part);
            }
            if (n != null && !n.isNull() && !n.asText().isEmpty()) {
                return n.isNumber() && n.asDouble() == Math.rint(n.asDouble()) ? Long.toString(n.asLong()) : n.asText();
            }
        }
        return null;
    }

    /** The metadata every external checkpoint carries (HUSAI keys; {@code expansion} = d_sae / d_in). */
    static Map<String, String> metadata(CheckpointFormat format, String arch, String hook, int dIn, int dSae) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format_version", dev.husai.core.snapshot.SaeSnapshot.FORMAT_VERSION);
        m.put("source_format", format.wireName());
        m.put("arch", arch);
        m.put("hook", hook == null ? "unknown" : hook);
        m.put("d_in", Integer.toString(dIn));
        m.put("d_sae", Integer.toString(dSae));
        m.put("expansion", Double.toString(dSae / (double) dIn));
        return m;
    }

    /** Puts {@code value} under {@code key} when it is not null. */
    static void putIfPresent(Map<String, String> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
