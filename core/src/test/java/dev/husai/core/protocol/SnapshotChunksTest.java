package dev.husai.core.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Chunk framing by hand: split sizes, the magic, joining in order, interleaved snapshots, and broken sequences. */
class SnapshotChunksTest {

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        b[0] = 8; // a safetensors header length never reads as the magic
        return b;
    }

    @Test
    void smallSnapshotsStayOneRecordAndLargeOnesSplitAtTheChunkSize() {
        byte[] small = bytes(100, 1);
        assertSame(small, SnapshotChunks.split(small, "id", 100).get(0));
        assertFalse(SnapshotChunks.isChunk(small));
        List<byte[]> parts = SnapshotChunks.split(bytes(250, 2), "s/0/7", 100);
        assertEquals(3, parts.size(), "250 bytes in 100-byte chunks");
        // 8 magic + 4 index + 4 count + 8 total + 2 id length + 5 id = 31 bytes of frame
        assertEquals(List.of(131, 131, 81), parts.stream().map(p -> p.length).toList());
        assertTrue(parts.stream().allMatch(SnapshotChunks::isChunk));
    }

    @Test
    void chunksJoinBackInOrderAlsoWhenTwoSnapshotsInterleave() {
        byte[] a = bytes(250, 3);
        byte[] b = bytes(180, 4);
        List<byte[]> pa = SnapshotChunks.split(a, "a", 100);
        List<byte[]> pb = SnapshotChunks.split(b, "b", 100);
        SnapshotChunks.Assembler asm = new SnapshotChunks.Assembler(8);
        assertTrue(asm.offer("g", pa.get(0)).pending());
        assertTrue(asm.offer("g", pb.get(0)).pending());
        assertTrue(asm.offer("g", pa.get(1)).pending());
        assertArrayEquals(b, asm.offer("g", pb.get(1)).bytes());
        assertArrayEquals(a, asm.offer("g", pa.get(2)).bytes());
        assertEquals(0, asm.pendingCount());
        byte[] plain = bytes(10, 5);
        assertSame(plain, asm.offer("g", plain).bytes(), "a whole snapshot passes through");
    }

    @Test
    void aMissingOrRepeatedChunkIsAProblemNotAWrongSnapshot() {
        List<byte[]> p = SnapshotChunks.split(bytes(250, 6), "x", 100);
        SnapshotChunks.Assembler asm = new SnapshotChunks.Assembler(8);
        SnapshotChunks.Offer orphan = asm.offer("g", p.get(1));
        assertNull(orphan.bytes());
        assertEquals("expected chunk 0 of snapshot g|x, found chunk 1 of 3 without its first chunk", orphan.problem());
        asm.offer("g", p.get(0));
        SnapshotChunks.Offer skipped = asm.offer("g", p.get(2));
        assertEquals("expected chunk 1 of snapshot g|x, found chunk 2 of 3", skipped.problem());
        assertEquals(0, asm.pendingCount(), "the broken snapshot is dropped");
        SnapshotChunks.Assembler small = new SnapshotChunks.Assembler(1);
        small.offer("g", SnapshotChunks.split(bytes(250, 7), "first", 100).get(0));
        small.offer("g", SnapshotChunks.split(bytes(250, 8), "second", 100).get(0));
        assertEquals(1, small.pendingCount(), "at most maxPending partial snapshots are held");
    }
}
