package dev.husai.core.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The training step sparsify records in {@code state.pt} ({@code torch.save({"global_step": N})}): a zip whose
 * {@code data.pkl} is a pickle of one small dict. No pickle is run: the integer after the key {@code global_step} is
 * read from the opcodes {@code K} (1 byte), {@code M} (2 bytes), {@code J} (4 bytes, signed) or {@code \x8a} (LONG1),
 * skipping memo opcodes. Pure: bytes in.
 */
public final class TorchStep {
    private static final byte[] KEY = "global_step".getBytes(StandardCharsets.US_ASCII);

    private TorchStep() {
    }

    /** The global step in a torch.save zip, or empty when it is not there or not readable this way. */
    public static OptionalLong globalStep(byte[] statePt) {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(statePt))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().endsWith("data.pkl")) {
                    return fromPickle(zip.readAllBytes());
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /** The integer following the key {@code global_step} in a pickle. */
    static OptionalLong fromPickle(byte[] p) {
        int at = indexOf(p, KEY);
        if (at < 0) {
            return OptionalLong.empty();
        }
        int i = at + KEY.length;
        while (i < p.length) {
            int op = p[i] & 0xff;
            if (op == 'q') {
                i += 2;
            } else if (op == 'r') {
                i += 5;
            } else if (op == 0x94) {
                i += 1;
            } else {
                break;
            }
        }
        if (i >= p.length) {
            return OptionalLong.empty();
        }
        int op = p[i] & 0xff;
        return switch (op) {
            case 'K' -> i + 1 < p.length ? OptionalLong.of(p[i + 1] & 0xff) : OptionalLong.empty();
            case 'M' -> i + 2 < p.length ? OptionalLong.of(littleEndian(p, i + 1, 2)) : OptionalLong.empty();
            case 'J' -> i + 4 < p.length ? OptionalLong.of((int) littleEndian(p, i + 1, 4)) : OptionalLong.empty();
            case 0x8a -> long1(p, i + 1);
            default -> OptionalLong.empty();
        };
    }

    private static OptionalLong long1(byte[] p, int at) {
        if (at >= p.length) {
            return OptionalLong.empty();
        }
        int n = p[at] & 0xff;
        if (n < 1 || n > 8 || at + n >= p.length) {
            return OptionalLong.empty();
        }
        long v = littleEndian(p, at + 1, n);
        long sign = 1L << (8 * n - 1);
        return OptionalLong.of(n < 8 && (v & sign) != 0 ? v - (sign << 1) : v);
    }

    private static long littleEndian(byte[] p, int at, int n) {
        long v = 0;
        for (int b = n - 1; b >= 0; b--) {
            v = (v << 8) | (p[at + b] & 0xff);
        }
        return v;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
