package dev.husai.core.format;

import dev.husai.core.tensor.FloatMatrix;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Minimal NumPy {@code .npy} reader (format versions 1.0, 2.0, 3.0): 2-D, C order, little-endian
 * float32 ({@code <f4}) or float64 ({@code <f8}, narrowed to float). Layout: magic {@code \x93NUMPY},
 * major, minor, header length (u16 for v1, u32 for v2/3), an ASCII Python-dict header
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (R, C), }}, then {@code R*C} raw values.
 * Spec: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** Parses a whole {@code .npy} file held in memory. */
    public static FloatMatrix read(byte[] bytes) {
        return read(ByteBuffer.wrap(bytes));
    }

    /**
     * Parses a {@code .npy} payload from the buffer's position.
     *
     * @return the array as {@code [R, C]}
     * @throws IllegalArgumentException on anything but a 2-D little-endian float32/64 C-order array,
     *                                  saying what was expected and what was found
     */
    public static FloatMatrix read(ByteBuffer buffer) {
        ByteBuffer buf = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
        String header = header(buf);
        String descr = field(DESCR, header, "descr");
        if (!descr.equals("<f4") && !descr.equals("<f8")) {
            throw new IllegalArgumentException("expected descr '<f4' or '<f8', found '" + descr + "'");
        }
        if (field(FORTRAN, header, "fortran_order").equals("True")) {
            throw new IllegalArgumentException("expected fortran_order False (C order), found True");
        }
        int[] shape = shape(field(SHAPE, header, "shape"));
        long count = (long) shape[0] * shape[1];
        int width = descr.equals("<f4") ? 4 : 8;
        if (buf.remaining() < count * width) {
            throw new IllegalArgumentException("expected " + count * width + " data bytes for shape [" + shape[0]
                    + "," + shape[1] + "] " + descr + ", found " + buf.remaining());
        }
        float[] data = new float[Math.toIntExact(count)];
        if (width == 4) {
            buf.asFloatBuffer().get(data);
        } else {
            for (int k = 0; k < data.length; k++) {
                data[k] = (float) buf.getDouble();
            }
        }
        return new FloatMatrix(shape[0], shape[1], data);
    }

    /** Reads magic, version and header; leaves {@code buf} at the first data byte. */
    private static String header(ByteBuffer buf) {
        if (buf.remaining() < 10) {
            throw new IllegalArgumentException("expected at least 10 bytes of .npy preamble, found " + buf.remaining());
        }
        for (byte b : MAGIC) {
            if (buf.get() != b) {
                throw new IllegalArgumentException("expected .npy magic \\x93NUMPY, found other bytes");
            }
        }
        int major = buf.get() & 0xff;
        buf.get();
        long len;
        if (major == 1) {
            len = buf.getShort() & 0xffff;
        } else if (major == 2 || major == 3) {
            len = buf.getInt() & 0xffffffffL;
        } else {
            throw new IllegalArgumentException("expected .npy version 1, 2 or 3, found " + major);
        }
        if (len > buf.remaining()) {
            throw new IllegalArgumentException("expected header of " + len + " bytes, found " + buf.remaining());
        }
        byte[] h = new byte[(int) len];
        buf.get(h);
        return new String(h, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }

    private static String field(Pattern p, String header, String name) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IllegalArgumentException("expected '" + name + "' in .npy header, found " + header.trim());
        }
        return m.group(1).trim();
    }

    private static int[] shape(String tuple) {
        String[] parts = tuple.split(",");
        int dims = 0;
        int[] shape = new int[2];
        for (String p : parts) {
            if (p.isBlank()) {
                continue;
            }
            if (dims == 2) {
                throw new IllegalArgumentException("expected a 2-D shape, found (" + tuple + ")");
            }
            shape[dims++] = Integer.parseInt(p.trim());
        }
        if (dims != 2) {
            throw new IllegalArgumentException("expected a 2-D shape, found (" + tuple + ")");
        }
        return shape;
    }
}
