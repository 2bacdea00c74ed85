package dev.husai.core.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.husai.core.tensor.FloatMatrix;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** OpenBLAS on one thread inside {@link BlasThreads#singleThreaded}, its count back after, the same cosines. */
class BlasThreadsTest {

    @Test
    void oneThreadInsideAndTheCountBackAfter() {
        int before = BlasThreads.current();
        assumeTrue(before > 0, "BLAS here is not a native OpenBLAS");
        int inside = BlasThreads.singleThreaded(() -> BlasThreads.current());
        int nested = BlasThreads.singleThreaded(() -> BlasThreads.singleThreaded(BlasThreads::current));
        assertEquals(1, inside);
        assertEquals(1, nested);
        assertEquals(before, BlasThreads.current());
    }

    @Test
    void overlappingCallersShareOneStretch() throws Exception {
        int before = BlasThreads.current();
        assumeTrue(before > 0, "BLAS here is not a native OpenBLAS");
        CountDownLatch bothInside = new CountDownLatch(2);
        CountDownLatch firstLeft = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> first = pool.submit(() -> BlasThreads.singleThreaded(() -> {
                bothInside.countDown();
                await(bothInside);
                return BlasThreads.current();
            }));
            Future<Integer> second = pool.submit(() -> BlasThreads.singleThreaded(() -> {
                bothInside.countDown();
                await(bothInside);
                try {
                    first.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                firstLeft.countDown();
                return BlasThreads.current();
            }));
            assertEquals(1, first.get());
            assertEquals(1, second.get(), "the count stays 1 while the second caller is still inside");
        } finally {
            pool.shutdown();
        }
        assertEquals(0, firstLeft.getCount());
        assertEquals(before, BlasThreads.current());
    }

    @Test
    void cosinesAreTheSameOnOneThread() {
        FloatMatrix a = AlignFixtures.gaussian(700, 96, 3);
        FloatMatrix b = AlignFixtures.gaussian(900, 96, 4);
        float[] many = CosineMatrix.of(a, b).data();
        float[] one = BlasThreads.singleThreaded(() -> CosineMatrix.of(a, b)).data();
        assertArrayEquals(many, one);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
