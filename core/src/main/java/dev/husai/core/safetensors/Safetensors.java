package dev.husai.core.safetensors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors codec (https://github.com/huggingface/safetensors): an 8-byte little-endian header
 * length N, N bytes of JSON header ({@code name -> {dtype, shape, data_offsets}} and
 * {@code __metadata__: {string: string}}), then the raw little-endian tensor bytes. Pure: bytes in,
 * bytes out, no I/O.
 */
public final class Safetensors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String METADATA = "__metadata__";
    /** Upper bound on a header, to reject garbage lengths before allocating. */
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    private Safetensors() {
    }

    /** Encodes tensors (in map order) and metadata. */
    public static byte[] encode(Map<String, Tensor> tensors, Map<String, String> metadata) {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", t.dtype().name());
            var shape = entry.putArray("shape");
            for (int s : t.shape()) {
                shape.add(s);
            }
            long end = offset + (long) t.size() * t.dtype().bytes();
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] headerBytes = padded(header.toString());
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + headerBytes.length + offset))
                .order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(headerBytes.length).put(headerBytes);
        for (Tensor t : tensors.values()) {
            putValues(out, t);
        }
        return out.array();
    }

    /** Encodes a file record. */
    public static byte[] encode(SafetensorsFile file) {
        return encode(file.tensors(), file.metadata());
    }

    /** Decodes bytes, failing with a message that names what was expected and what was found. */
    public static SafetensorsFile decode(byte[] bytes) {
        int dataStart = Math.toIntExact(headerEnd(bytes, bytes == null ? 0 : bytes.length));
        JsonNode header = parseHeader(bytes, dataStart - 8);
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals(METADATA)) {
                e.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
            } else {
                tensors.put(e.getKey(), readTensor(entry(e.getKey(), e.getValue(), dataStart, bytes.length), in));
            }
        }
        return new SafetensorsFile(tensors, metadata);
    }

    /**
     * Where the data section starts (8 + header length), from a file's first 8 or more bytes; {@code fileSize} is
     * the whole file's size, for the check that the header fits.
     */
    public static long headerEnd(byte[] head, long fileSize) {
        if (head == null || head.length < 8) {
            throw new SafetensorsException("expected at least 8 bytes of safetensors header length, found "
                    + (head == null ? 0 : head.length));
        }
        long headerLength = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 2 || headerLength > MAX_HEADER || 8 + headerLength > fileSize) {
            throw new SafetensorsException("expected a header length within the " + fileSize
                    + "-byte input, found " + headerLength + " (not a safetensors file?)");
        }
        return 8 + headerLength;
    }

    /**
     * The tensors of a file from its first {@link #headerEnd} bytes alone (no values read), in header order.
     *
     * @param head     at least the file's first {@code headerEnd} bytes
     * @param fileSize the whole file's size, for the check that every tensor lies within it
     */
    public static Map<String, TensorEntry> entries(byte[] head, long fileSize) {
        long dataStart = headerEnd(head, fileSize);
        if (head.length < dataStart) {
            throw new SafetensorsException("expected " + dataStart + " header bytes, found " + head.length);
        }
        JsonNode header = parseHeader(head, (int) (dataStart - 8));
        Map<String, TensorEntry> out = new LinkedHashMap<>();
        header.fields().forEachRemaining(e -> {
            if (!e.getKey().equals(METADATA)) {
                out.put(e.getKey(), entry(e.getKey(), e.getValue(), dataStart, fileSize));
            }
        });
        return out;
    }

    /** The {@code __metadata__} strings of a file from its first {@link #headerEnd} bytes alone (empty when absent). */
    public static Map<String, String> metadata(byte[] head, long fileSize) {
        long dataStart = headerEnd(head, fileSize);
        if (head.length < dataStart) {
            throw new SafetensorsException("expected " + dataStart + " header bytes, found " + head.length);
        }
        Map<String, String> out = new LinkedHashMap<>();
        parseHeader(head, (int) (dataStart - 8)).path(METADATA).fields()
                .forEachRemaining(m -> out.put(m.getKey(), m.getValue().asText()));
        return out;
    }

    private static JsonNode parseHeader(byte[] bytes, int length) {
        try {
            JsonNode header = JSON.readTree(new String(bytes, 8, length, StandardCharsets.UTF_8));
            if (header == null || !header.isObject()) {
                throw new SafetensorsException("expected a JSON object as safetensors header, found " + header);
            }
            return header;
        } catch (JsonProcessingException e) {
            throw new SafetensorsException("expected a JSON safetensors header, found malformed JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** A header entry, validated: known dtype, shape and offsets that match it and lie within {@code total} bytes. */
    private static TensorEntry entry(String name, JsonNode entry, long dataStart, long total) {
        DType dtype = DType.parse(entry.path("dtype").asText("<missing>"));
        JsonNode shapeNode = entry.path("shape");
        JsonNode offsets = entry.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw new SafetensorsException("expected shape and data_offsets [begin,end] for tensor " + name
                    + ", found " + entry);
        }
        List<Integer> dims = new ArrayList<>();
        shapeNode.forEach(d -> dims.add(d.asInt()));
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        long count = 1;
        for (int d : shape) {
            count *= d;
        }
        if (begin < 0 || end - begin != count * dtype.bytes() || dataStart + end > total) {
            throw new SafetensorsException("expected " + count * dtype.bytes() + " bytes for " + name + " "
                    + Tensor.dims(shape) + " " + dtype + " within the data section, found offsets ["
                    + begin + "," + end + "] in " + (total - dataStart) + " data bytes");
        }
        return new TensorEntry(dtype, shape, dataStart + begin, end - begin);
    }

    private static Tensor readTensor(TensorEntry e, ByteBuffer in) {
        float[] values = new float[Math.toIntExact(e.bytes() / e.dtype().bytes())];
        ByteBuffer slice = in.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(Math.toIntExact(e.offset()));
        for (int i = 0; i < values.length; i++) {
            values[i] = e.dtype().read(slice);
        }
        return new Tensor(e.shape(), values, e.dtype());
    }

    private static void putValues(ByteBuffer out, Tensor t) {
        DType dtype = t.dtype();
        for (float v : t.values()) {
            dtype.write(out, v);
        }
    }

    /** Header JSON padded with spaces to a multiple of 8 bytes, as the reference implementation does. */
    private static byte[] padded(String json) {
        StringBuilder s = new StringBuilder(json);
        while (s.toString().getBytes(StandardCharsets.UTF_8).length % 8 != 0) {
            s.append(' ');
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }
}
