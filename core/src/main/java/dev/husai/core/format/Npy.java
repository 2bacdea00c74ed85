package dev.husai.core.format;

import dev.husai.core.safetensors.DType;
import dev.husai.core.safetensors.Half;
import dev.husai.core.tensor.FloatMatrix;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Minimal NumPy {@code .npy} reader (format versions 1.0, 2.0, 3.0): 2-D, C order, little-endian
 * float32 ({@code <f4}), float16 ({@code <f2}, widened exactly) or float64 ({@code <f8}, narrowed to float); for files
 * too large for the heap, {@link #layout} says where the float32/float16 rows lie so they can be memory-mapped. Layout: magic {@code \x93NUMPY},
 * major, minor, header length (u16 for v1, u32 for v2/3), an ASCII Python-dict header
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (R, C), }}, then {@code R*C} raw values.
 * Spec: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** Header bytes that always hold a version 1.0 preamble and header (version 2/3 headers are rarely larger). */
    public static final int MAX_HEADER_BYTES = 10 + 65_535;

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
     * @throws IllegalArgumentException on anything but a 2-D little-endian float32/16/64 C-order array,
     *                                  saying what was expected and what was found
     */
    public static FloatMatrix read(ByteBuffer buffer) {
        ByteBuffer buf = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
        Header h = parse(buf, "the .npy input", "'<f4', '<f2' or '<f8'");
        int width = h.descr().equals("<f8") ? 8 : h.descr().equals("<f4") ? 4 : 2;
        long count = (long) h.shape()[0] * h.shape()[1];
        if (buf.remaining() < count * width) {
            throw new IllegalArgumentException("expected " + count * width + " data bytes for shape " + h.dims() + " "
                    + h.descr() + ", found " + buf.remaining());
        }
        float[] data = new float[Math.toIntExact(count)];
        for (int k = 0; k < data.length; k++) {
            data[k] = width == 4 ? buf.getFloat() : width == 2 ? Half.toFloat(buf.getShort()) : (float) buf.getDouble();
        }
        return new FloatMatrix(h.shape()[0], h.shape()[1], data);
    }

    /**
     * Where the rows of a 2-D float32/float16 C-order {@code .npy} array lie, from the file's first bytes (at least
     * the preamble and header; {@link #MAX_HEADER_BYTES} always suffice): for memory-mapping files of any size.
     *
     * @param head     the file's first bytes
     * @param fileName named in errors: {@code expected a 2-D float32 or float16 array [N, d] in acts.npy, found
     *                 dtype '<i8' shape [10]}
     */
    public static RowLayout layout(ByteBuffer head, String fileName) {
        ByteBuffer buf = head.slice().order(ByteOrder.LITTLE_ENDIAN);
        Header h = parse(buf, fileName, "'<f4' or '<f2'");
        return new RowLayout(h.descr().equals("<f4") ? DType.F32 : DType.F16, h.shape()[0], h.shape()[1], buf.position());
    }

    /** The preamble and header, validated: 2-D, C order, one of {@code descrs}; leaves {@code buf} at the data. */
    private static Header parse(ByteBuffer buf, String where, String descrs) {
        String header = header(buf);
        Header h = new Header(field(DESCR, header, "descr"), field(FORTRAN, header, "fortran_order").equals("True"),
                shape(field(SHAPE, header, "shape")));
        if (h.shape().length != 2 || !descrs.contains("'" + h.descr() + "'")) {
            String kinds = descrs.contains("<f8") ? "float32, float16 or float64" : "float32 or float16";
            throw new IllegalArgumentException("expected a 2-D little-endian " + kinds + " array [N, d] (descr "
                    + descrs + ") in " + where + ", found dtype '" + h.descr() + "' shape " + h.dims()
                    + (h.descr().startsWith(">") ? " (big-endian: save it with arr.astype('<f4'))" : ""));
        }
        if (h.fortran()) {
            throw new IllegalArgumentException("expected fortran_order False (C order) in " + where + ", found True"
                    + " (save it with np.ascontiguousarray)");
        }
        return h;
    }

    /** A parsed header: dtype descr, Fortran order, shape (any rank). */
    private record Header(String descr, boolean fortran, int[] shape) {
        String dims() {
            return java.util.Arrays.toString(shape);
        }
    }

    /**
     * The preamble and header of a version 1.0 {@code .npy} holding a C-order little-endian float32/float16 array
     * {@code [rows, cols]}, padded with spaces and a newline to a multiple of 64 bytes as {@code numpy.save} does; the
     * {@code rows * cols} values follow it.
     */
    public static byte[] header(DType dtype, int rows, int cols) {
        if (dtype == DType.BF16) {
            throw new IllegalArgumentException("expected float32 or float16 for .npy (numpy has no bfloat16), found BF16");
        }
        String dict = "{'descr': '" + (dtype == DType.F32 ? "<f4" : "<f2") + "', 'fortran_order': False, 'shape': ("
                + rows + ", " + cols + "), }";
        int pad = (64 - (MAGIC.length + 4 + dict.length() + 1) % 64) % 64;
        String text = dict + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length());
        return b.put(text.getBytes(StandardCharsets.ISO_8859_1)).array();
    }

    /** {@code m} as a whole {@code .npy} file (float16 rounds to nearest even). */
    public static byte[] encode(FloatMatrix m, DType dtype) {
        byte[] head = header(dtype, m.rows(), m.cols());
        ByteBuffer b = ByteBuffer.allocate(head.length + m.data().length * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(head);
        for (float v : m.data()) {
            if (dtype == DType.F32) {
                b.putFloat(v);
            } else {
                b.putShort(Half.fromFloat(v));
            }
        }
        return b.array();
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
        try {
            return java.util.Arrays.stream(tuple.split(",")).filter(p -> !p.isBlank())
                    .mapToInt(p -> Integer.parseInt(p.trim())).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a shape of integers, found (" + tuple + ")", e);
        }
    }
}
