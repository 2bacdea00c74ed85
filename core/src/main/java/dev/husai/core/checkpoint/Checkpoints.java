package dev.husai.core.checkpoint;

import dev.husai.core.io.InputFiles;
import dev.husai.core.safetensors.SafetensorsException;
import dev.husai.core.snapshot.SaeSnapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * One SAE checkpoint wherever it comes from: the format is detected from the files at a path, never from a flag.
 * A HUSAI snapshot is a {@code .safetensors} file; a SAELens, sparsify or dictionary_learning checkpoint is a folder
 * (or its weights file, meaning its folder). A sparsify run folder with exactly one hookpoint folder means that
 * hookpoint. Anything else is an error that names what was expected and what is there.
 */
public final class Checkpoints {
    /** What a checkpoint may be, for errors. */
    public static final String EXPECTED = "a HUSAI snapshot (.safetensors with format_version), a SAELens folder "
            + "(cfg.json + sae_weights.safetensors), a sparsify folder (cfg.json + sae.safetensors) or a "
            + "dictionary_learning folder (config.json + ae.safetensors)";
    /** Weights files of the peers' folders: never HUSAI snapshots themselves. */
    public static final Set<String> PEER_FILES = Set.of(SaeLensFormat.WEIGHTS, SparsifyFormat.WEIGHTS,
            DictionaryLearningFormat.WEIGHTS, "sparsity.safetensors", "activations_store_state.safetensors");

    private Checkpoints() {
    }

    /** Where a checkpoint lies and in which format. */
    public record Located(CheckpointFormat format, Path path) {
    }

    /** Detects and reads; errors are prefixed with the path. */
    public static SaeSnapshot read(Path path) {
        Located at = locate(path);
        try {
            return switch (at.format()) {
                case HUSAI -> SaeSnapshot.decode(InputFiles.readBytes(at.path(), "a HUSAI snapshot (.safetensors)"));
                case SAELENS -> SaeLensFormat.read(at.path());
                case SPARSIFY -> SparsifyFormat.read(at.path());
                case DICTIONARY_LEARNING -> DictionaryLearningFormat.read(at.path());
            };
        } catch (SafetensorsException e) {
            String hint = at.format() == CheckpointFormat.HUSAI && e.getMessage().contains("format_version")
                    ? " (expected " + EXPECTED + ")" : "";
            throw e.getMessage().startsWith(at.path().toString()) && hint.isEmpty() ? e
                    : new SafetensorsException(at.path() + ": " + e.getMessage() + hint, e);
        }
    }

    /** The format and folder (or file) of the checkpoint at {@code path}. */
    public static Located locate(Path path) {
        if (InputFiles.isDirectory(path)) {
            return locateFolder(path);
        }
        InputFiles.requireFile(path, EXPECTED);
        String name = path.getFileName().toString();
        Path parent = path.toAbsolutePath().getParent();
        if (PEER_FILES.contains(name) && parent != null && folderFormat(parent) != null) {
            return new Located(folderFormat(parent), parent);
        }
        if (name.equals(DictionaryLearningFormat.PICKLE) || name.endsWith(".pt")) {
            throw pickle(path);
        }
        if (!name.endsWith(".safetensors") || PEER_FILES.contains(name)) {
            throw new IllegalArgumentException("expected " + EXPECTED + " at " + path + ", found a file " + name);
        }
        return new Located(CheckpointFormat.HUSAI, path);
    }

    /** The peer format of a folder from its file names, or null when it is none of them. */
    public static CheckpointFormat folderFormat(Path folder) {
        if (!InputFiles.isDirectory(folder)) {
            return null;
        }
        boolean cfg = InputFiles.isFile(folder.resolve(SaeLensFormat.CFG));
        if (cfg && InputFiles.isFile(folder.resolve(SaeLensFormat.WEIGHTS))) {
            return CheckpointFormat.SAELENS;
        }
        if (cfg && InputFiles.isFile(folder.resolve(SparsifyFormat.WEIGHTS))) {
            return CheckpointFormat.SPARSIFY;
        }
        if (InputFiles.isFile(folder.resolve(DictionaryLearningFormat.CFG))
                && InputFiles.isFile(folder.resolve(DictionaryLearningFormat.WEIGHTS))) {
            return CheckpointFormat.DICTIONARY_LEARNING;
        }
        return null;
    }

    private static Located locateFolder(Path dir) {
        CheckpointFormat f = folderFormat(dir);
        if (f != null) {
            return new Located(f, dir);
        }
        List<Path> entries = InputFiles.list(dir, EXPECTED);
        if (entries.stream().anyMatch(p -> p.getFileName().toString().equals(DictionaryLearningFormat.PICKLE))) {
            throw pickle(dir.resolve(DictionaryLearningFormat.PICKLE));
        }
        List<Path> hookpoints = entries.stream().filter(p -> folderFormat(p) == CheckpointFormat.SPARSIFY).toList();
        if (hookpoints.size() == 1) {
            return new Located(CheckpointFormat.SPARSIFY, hookpoints.get(0));
        }
        if (hookpoints.size() > 1) {
            throw new IllegalArgumentException("expected one sparsify hookpoint folder in " + dir + ", found "
                    + names(hookpoints) + " (name one: " + hookpoints.get(0) + ")");
        }
        throw new IllegalArgumentException("expected " + EXPECTED + " at " + dir + ", found a folder holding "
                + (entries.isEmpty() ? "nothing" : names(entries)));
    }

    private static IllegalArgumentException pickle(Path file) {
        return new IllegalArgumentException("expected " + EXPECTED + " at " + file.getParent() + ", found " + file.getFileName()
                + ", a PyTorch pickle (HUSAI runs no pickles); convert it beside config.json with: "
                + DictionaryLearningFormat.CONVERT);
    }

    /** At most 12 file names, for errors. */
    static String names(List<Path> paths) {
        List<String> n = paths.stream().map(p -> p.getFileName() + (InputFiles.isDirectory(p) ? "/" : "")).toList();
        return n.size() <= 12 ? n.toString() : n.subList(0, 12) + " and " + (n.size() - 12) + " more";
    }
}
