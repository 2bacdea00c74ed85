package dev.husai.core.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a file the user named; every failure is an {@link IllegalArgumentException} that says what was expected and
 * what was found at that path: {@code expected a sweep file (YAML or JSON) at runs, found a directory}.
 */
public final class InputFiles {
    private InputFiles() {
    }

    /** The bytes of {@code file}; {@code what} names the expected content, e.g. "a testbed checkpoint (.safetensors)". */
    public static byte[] readBytes(Path file, String what) {
        requireFile(file, what);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw unreadable(file, what, e);
        }
    }

    /** The UTF-8 text of {@code file}. */
    public static String readString(Path file, String what) {
        return new String(readBytes(file, what), StandardCharsets.UTF_8);
    }

    /** Checks that {@code file} is a regular file (not missing, not a directory). */
    public static void requireFile(Path file, String what) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("expected " + what + " at " + file + ", found a directory");
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("expected " + what + " at " + file + ", found no such file");
        }
    }

    private static IllegalArgumentException unreadable(Path file, String what, IOException e) {
        String why = e instanceof NoSuchFileException ? "no such file"
                : e instanceof AccessDeniedException ? "a file this user may not read"
                : "an unreadable file (" + e.getMessage() + ")";
        return new IllegalArgumentException("expected " + what + " at " + file + ", found " + why, e);
    }
}
