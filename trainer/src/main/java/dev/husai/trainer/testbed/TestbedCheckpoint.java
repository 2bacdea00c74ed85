package dev.husai.trainer.testbed;

import dev.husai.core.io.InputFiles;
import dev.husai.core.safetensors.Safetensors;
import dev.husai.core.safetensors.SafetensorsException;
import dev.husai.core.safetensors.SafetensorsFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A testbed checkpoint on disk: safetensors with the {@link TestbedWeights} tensor names and metadata
 * {@code format_version, kind=testbed, p, d_model, heads, d_head, d_mlp} plus whatever the trainer adds
 * (seed, steps, accuracies, key frequencies). The grokked p = 113 checkpoint ships as a class-path resource.
 */
public record TestbedCheckpoint(TestbedWeights weights, Map<String, String> metadata) {
    public static final String FORMAT_VERSION = "1";
    /** Class-path location of the shipped grokked checkpoint. */
    public static final String SHIPPED = "/dev/husai/trainer/testbed/grokked-p113.safetensors";

    /** Encodes weights and metadata (shape keys are added). */
    public byte[] encode() {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format_version", FORMAT_VERSION);
        meta.put("kind", "testbed");
        meta.putAll(weights.shapeMetadata());
        metadata.forEach(meta::putIfAbsent);
        return Safetensors.encode(weights.ordered(), meta);
    }

    /** Writes the checkpoint, creating parent directories. */
    public void write(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.write(file, encode());
    }

    /** Decodes a checkpoint, failing clearly when it is not a testbed checkpoint or is mis-shaped. */
    public static TestbedCheckpoint decode(byte[] bytes, String source) {
        try {
            SafetensorsFile f = Safetensors.decode(bytes);
            String kind = f.optionalMeta("kind").orElse("<none>");
            if (!kind.equals("testbed")) {
                throw new SafetensorsException("expected metadata kind=testbed, found kind=" + kind);
            }
            return new TestbedCheckpoint(TestbedWeights.fromFile(f), f.metadata());
        } catch (SafetensorsException | IllegalArgumentException e) {
            throw new SafetensorsException(source + ": " + e.getMessage(), e);
        }
    }

    /** Reads a checkpoint file. */
    public static TestbedCheckpoint read(Path file) {
        return decode(InputFiles.readBytes(file, "a testbed checkpoint file (.safetensors)"), file.toString());
    }

    /** The grokked p = 113 checkpoint shipped in the jar. */
    public static TestbedCheckpoint shipped() {
        try (InputStream in = TestbedCheckpoint.class.getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new SafetensorsException("expected the shipped checkpoint " + SHIPPED + " on the class path, found none");
            }
            return decode(in.readAllBytes(), "shipped " + SHIPPED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
