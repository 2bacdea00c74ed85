package dev.husai.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchStepTest {
    @TempDir Path tmp;

    private static byte[] pickle(byte... value) {
        byte[] head = {(byte) 0x80, 2, '}', 'q', 0, 'X', 11, 0, 0, 0, 'g', 'l', 'o', 'b', 'a', 'l', '_', 's', 't', 'e', 'p',
            'q', 1};
        byte[] out = new byte[head.length + value.length + 2];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(value, 0, out, head.length, value.length);
        out[out.length - 2] = 's';
        out[out.length - 1] = '.';
        return out;
    }

    @Test
    void readsEachIntegerOpcode() {
        assertEquals(OptionalLong.of(7), TorchStep.fromPickle(pickle((byte) 'K', (byte) 7)));
        assertEquals(OptionalLong.of(1000), TorchStep.fromPickle(pickle((byte) 'M', (byte) 0xe8, (byte) 0x03)));
        assertEquals(OptionalLong.of(70000), TorchStep.fromPickle(pickle((byte) 'J', (byte) 0x70, (byte) 0x11, (byte) 0x01, (byte) 0)));
        assertEquals(OptionalLong.of(1L << 32), TorchStep.fromPickle(pickle((byte) 0x8a, (byte) 5, (byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) 1)));
        assertEquals(OptionalLong.empty(), TorchStep.fromPickle(pickle((byte) 'G')));
    }

    @Test
    void readsTheZipTorchSaveWrites() throws Exception {
        PeerFixtures.sparsifyState(tmp, 123456);
        assertEquals(OptionalLong.of(123456), TorchStep.globalStep(Files.readAllBytes(tmp.resolve("state.pt"))));
        assertEquals(OptionalLong.empty(), TorchStep.globalStep(new byte[] {1, 2, 3}));
    }
}
