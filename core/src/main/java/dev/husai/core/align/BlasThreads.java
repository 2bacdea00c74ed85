package dev.husai.core.align;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import dev.ludovic.netlib.blas.BLAS;
import java.util.function.Supplier;

/**
 * Runs work whose BLAS calls already come from parallel Java threads with OpenBLAS on one thread per call.
 *
 * <p>Why: a summary compares seed pairs on a parallel stream, each pair one sgemm of {@code [F, D] x [D, G]}. OpenBLAS
 * (pthreads build) splits every call over all its threads, so two pairs at once ran four busy threads on two cores
 * and spun against each other: a 4,096-latent group's stability curve took 9.0-9.7 s with OpenBLAS's default 2
 * threads and 6.4-6.9 s with {@code OPENBLAS_NUM_THREADS=1} (same results). Training needs OpenBLAS's threads
 * (its dense products are one call at a time), so the count is lowered only for such work, not for the process.
 *
 * <p>How: {@code openblas_set_num_threads} / {@code openblas_get_num_threads} of the library netlib loaded
 * ({@code libblas.so.3}, or the property {@code dev.ludovic.netlib.blas.nativeLib}), called through JNA. Callers
 * overlapping in time share one lowered stretch: the count drops at the first entry and comes back at the last exit.
 * Where BLAS is not native OpenBLAS (netlib's Java fallback, reference BLAS, MKL) it does nothing.
 * OpenBLAS's sgemm gives each output element to one thread with the same inner loop, so results do not depend on
 * the count. Not for work running beside training in the same process (the live analyzer in {@code husai demo}): the
 * count is the library's, not the calling thread's.
 */
public final class BlasThreads {
    private static final Function SET = openBlasFunction("openblas_set_num_threads");
    private static final Function GET = SET == null ? null : openBlasFunction("openblas_get_num_threads");
    private static int holders;
    private static int saved;

    private BlasThreads() {
    }

    /** {@code work} with OpenBLAS on one thread per call, the previous count restored after (see the class comment). */
    public static <T> T singleThreaded(Supplier<T> work) {
        enter();
        try {
            return work.get();
        } finally {
            exit();
        }
    }

    /** OpenBLAS's current thread count, or -1 when BLAS is not a native OpenBLAS this class can reach. */
    public static int current() {
        return GET == null ? -1 : GET.invokeInt(new Object[0]);
    }

    private static synchronized void enter() {
        if (GET != null && holders++ == 0) {
            saved = current();
            SET.invoke(new Object[] {1});
        }
    }

    private static synchronized void exit() {
        if (GET != null && --holders == 0) {
            SET.invoke(new Object[] {saved});
        }
    }

    /** {@code name} in the native BLAS netlib uses, or null (Java fallback, no such symbol, JNA unavailable). */
    private static Function openBlasFunction(String name) {
        if (BLAS.getInstance().getClass().getSimpleName().startsWith("Java")) {
            return null;
        }
        try {
            String lib = System.getProperty("dev.ludovic.netlib.blas.nativeLib", "libblas.so.3");
            return NativeLibrary.getInstance(lib).getFunction(name);
        } catch (LinkageError | RuntimeException e) { // no JNA dispatch library, no such symbol
            return null;
        }
    }
}
