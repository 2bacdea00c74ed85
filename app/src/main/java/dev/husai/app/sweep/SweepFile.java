package dev.husai.app.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.husai.app.cli.TrainCommand;
import dev.husai.core.config.HookPoint;
import dev.husai.core.config.SaeConfig.Arch;
import dev.husai.core.config.Width;
import dev.husai.core.io.InputFiles;
import dev.husai.core.stability.PairMetrics;
import dev.husai.core.sweep.GridBlock;
import dev.husai.core.sweep.SweepSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a sweep file (YAML, or JSON, which is YAML too) into a {@link SweepSpec}. Unknown keys are errors
 * (a typo such as {@code expansions} must not silently shrink a sweep); every error names the key, what was
 * expected and what was found. Example (docs/sweep.md):
 *
 * <pre>
 * name: stability-grid
 * seeds: 0..4
 * steps: 600
 * grid:
 *   - arch: [topk, batch_topk]
 *     d_sae: [8, 32, 128, 512]
 *     k: [4, 8, 16]
 *   - arch: relu_l1
 *     expansion: [4, 8]
 *     l1: [3, 10, 30]
 * </pre>
 * A block's widths are its {@code d_sae} values (latents) followed by its {@code expansion} values (d_sae / d_in,
 * any number whose product with d_in is whole); at least one of the two keys is required.
 */
public final class SweepFile {
    private static final Set<String> TOP_KEYS = Set.of("name", "hook", "seeds", "steps", "batch_size", "snapshot_every",
            "lr", "warmup_steps", "decay_steps", "tau", "grid");
    private static final Set<String> BLOCK_KEYS = Set.of("arch", "d_sae", "expansion", "k", "l1");

    private SweepFile() {
    }

    /** Parses the file at {@code path}. */
    public static SweepSpec read(Path path) {
        return parse(InputFiles.readString(path, "a sweep file (YAML or JSON)"), path.toString());
    }

    /** Parses sweep text; {@code source} names it in errors. */
    public static SweepSpec parse(String text, String source) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": expected YAML or JSON, found " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": expected a mapping of sweep settings, found "
                    + (root == null || root.isMissingNode() || root.isNull() ? "an empty file"
                    : root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        requireKnown(root, TOP_KEYS, source);
        try {
            return spec(root, source);
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith(source) ? e : new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static SweepSpec spec(JsonNode root, String source) {
        JsonNode grid = root.get("grid");
        if (grid == null || !grid.isArray() || grid.isEmpty()) {
            throw new IllegalArgumentException("grid: expected a list of blocks (arch, d_sae / expansion, k / l1), found "
                    + (grid == null ? "nothing" : grid.toString()));
        }
        List<GridBlock> blocks = new ArrayList<>();
        for (int i = 0; i < grid.size(); i++) {
            blocks.add(block(grid.get(i), "grid[" + i + "]", source));
        }
        int steps = intValue(root, "steps", 600);
        return new SweepSpec(text(root, "name", "sweep"), HookPoint.parse(text(root, "hook", "resid_post")),
                seeds(root), steps, intValue(root, "batch_size", 1024),
                intValue(root, "snapshot_every", Math.max(1, steps / 6)), number(root, "lr", 1e-3),
                intValue(root, "warmup_steps", Math.min(50, steps / 10)), intValue(root, "decay_steps", Math.min(400, steps / 5)),
                number(root, "tau", PairMetrics.DEFAULT_TAU), blocks);
    }

    /** {@code seeds: 0..4}, {@code seeds: 1,4,9} or {@code seeds: [1, 4, 9]}. */
    private static List<Long> seeds(JsonNode root) {
        JsonNode v = root.get("seeds");
        if (v != null && v.isArray()) {
            return list(root, "seeds", n -> (long) integer(n));
        }
        return TrainCommand.parseSeeds(text(root, "seeds", "0..4"));
    }

    private static GridBlock block(JsonNode b, String where, String source) {
        if (!b.isObject()) {
            throw new IllegalArgumentException(where + ": expected a mapping with arch, d_sae or expansion, and k or l1, found " + b);
        }
        requireKnown(b, BLOCK_KEYS, source + ": " + where);
        try {
            return new GridBlock(list(b, "arch", n -> Arch.parse(n.asText())), widths(b), list(b, "k", SweepFile::integer),
                    list(b, "l1", SweepFile::decimal));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /** The block's {@code d_sae} values as latents, then its {@code expansion} values. */
    private static List<Width> widths(JsonNode b) {
        List<Width> widths = new ArrayList<>(list(b, "d_sae", n -> Width.latents(integer(n))));
        widths.addAll(list(b, "expansion", n -> Width.expansion(decimal(n))));
        return widths;
    }

    /** A scalar or a list under {@code key}, each element converted; absent = empty. */
    private static <T> List<T> list(JsonNode b, String key, Function<JsonNode, T> convert) {
        JsonNode v = b.get(key);
        List<T> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        Iterator<JsonNode> it = v.isArray() ? v.elements() : List.of(v).iterator();
        while (it.hasNext()) {
            JsonNode n = it.next();
            try {
                out.add(convert.apply(n));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static Integer integer(JsonNode n) {
        if (!n.canConvertToExactIntegral() || !n.isNumber()) {
            throw new IllegalArgumentException("expected an integer, found " + n);
        }
        return n.intValue();
    }

    private static Double decimal(JsonNode n) {
        if (!n.isNumber()) {
            throw new IllegalArgumentException("expected a number, found " + n);
        }
        return n.doubleValue();
    }

    private static int intValue(JsonNode root, String key, int fallback) {
        JsonNode v = root.get(key);
        return v == null ? fallback : wrap(key, () -> integer(v));
    }

    private static double number(JsonNode root, String key, double fallback) {
        JsonNode v = root.get(key);
        return v == null ? fallback : wrap(key, () -> decimal(v));
    }

    private static String text(JsonNode root, String key, String fallback) {
        JsonNode v = root.get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isValueNode()) {
            throw new IllegalArgumentException(key + ": expected a value, found " + v);
        }
        return v.asText();
    }

    private static <T> T wrap(String key, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private static void requireKnown(JsonNode node, Set<String> known, String where) {
        node.fieldNames().forEachRemaining(k -> {
            if (!known.contains(k)) {
                throw new IllegalArgumentException(where + ": expected keys among " + known.stream().sorted().toList()
                        + ", found unknown key '" + k + "'");
            }
        });
    }
}
