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
import dev.husai.core.sweep.ConvergenceRule;
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
 * any number whose product with d_in is whole); at least one of the two keys is required. A block may also sweep
 * {@code lr} and {@code steps} (defaults: the top-level values). {@code converge: true} (or a mapping with
 * {@code max_slope}, {@code min_steps}, {@code stop_early}) ends each group at the first snapshot where its stability
 * curve is flat (see {@link dev.husai.core.sweep.ConvergenceRule}); {@code steps} is then the cap. Without it every
 * group trains to {@code steps} and is only labelled converged or not. {@code activations: FILE} (with {@code tensor}
 * for safetensors, {@code truth: DICT} for a known dictionary, {@code hook} naming the data) sweeps the user's own
 * activations instead of the testbed's.
 */
public final class SweepFile {
    private static final Set<String> TOP_KEYS = Set.of("name", "hook", "seeds", "steps", "batch_size", "snapshot_every",
            "lr", "warmup_steps", "decay_steps", "tau", "converge", "activations", "tensor", "truth", "grid");
    private static final Set<String> BLOCK_KEYS = Set.of("arch", "d_sae", "expansion", "k", "l1", "lr", "steps",
            "l0_coefficient", "prefixes");
    private static final Set<String> CONVERGE_KEYS = Set.of("stop_early", "max_slope", "min_steps");

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
        SweepSpec.Data data = data(root);
        return new SweepSpec(text(root, "name", "sweep"), hook(root, data), seeds(root), intValue(root, "steps", 600),
                intValue(root, "batch_size", 1024), optionalInt(root, "snapshot_every"), number(root, "lr", 1e-3),
                optionalInt(root, "warmup_steps"), optionalInt(root, "decay_steps"), number(root, "tau", PairMetrics.DEFAULT_TAU),
                convergence(root.get("converge"), source), data, blocks);
    }

    /** {@code activations} (with {@code tensor}, {@code truth}), or null for the testbed. */
    private static SweepSpec.Data data(JsonNode root) {
        String activations = text(root, "activations", null);
        if (activations == null) {
            for (String key : List.of("tensor", "truth")) {
                if (root.has(key)) {
                    throw new IllegalArgumentException(key + ": expected only with activations, found it without");
                }
            }
            return null;
        }
        return new SweepSpec.Data(activations, text(root, "tensor", null), text(root, "truth", null));
    }

    /** The testbed's hook ({@code resid_post} by default), or any token naming the user's data (default: file stem). */
    private static HookPoint hook(JsonNode root, SweepSpec.Data data) {
        if (data == null) {
            return wrap("hook", () -> HookPoint.parse(text(root, "hook", "resid_post")));
        }
        String name = Path.of(data.activations()).getFileName().toString().replaceFirst("\\.[^.]*$", "");
        return wrap("hook", () -> HookPoint.external(text(root, "hook", name)));
    }

    /** {@code converge: true|false} or a mapping of {@code stop_early, max_slope, min_steps}; absent = label only. */
    private static SweepSpec.ConvergenceConfig convergence(JsonNode v, String source) {
        if (v == null || v.isNull()) {
            return SweepSpec.ConvergenceConfig.LABEL_ONLY;
        }
        if (v.isBoolean()) {
            return new SweepSpec.ConvergenceConfig(v.booleanValue(), ConvergenceRule.DEFAULT_MAX_SLOPE, null);
        }
        if (!v.isObject()) {
            throw new IllegalArgumentException("converge: expected true, false or a mapping of " + CONVERGE_KEYS.stream()
                    .sorted().toList() + ", found " + v);
        }
        requireKnown(v, CONVERGE_KEYS, source + ": converge");
        JsonNode stop = v.get("stop_early");
        if (stop != null && !stop.isBoolean()) {
            throw new IllegalArgumentException("converge: stop_early: expected true or false, found " + stop);
        }
        return wrap("converge", () -> new SweepSpec.ConvergenceConfig(stop == null || stop.booleanValue(),
                number(v, "max_slope", ConvergenceRule.DEFAULT_MAX_SLOPE), optionalInt(v, "min_steps")));
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
                    list(b, "l1", SweepFile::decimal), list(b, "lr", SweepFile::decimal), list(b, "steps", SweepFile::integer),
                    number(b, "l0_coefficient", 0), list(b, "prefixes", SweepFile::integer));
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

    private static Integer optionalInt(JsonNode root, String key) {
        JsonNode v = root.get(key);
        return v == null ? null : wrap(key, () -> integer(v));
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
