package dev.husai.trainer.sae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * The long-lived tensors of the DJL engine, the seeds of a group stacked along a leading axis S (row s = the s-th
 * seed of {@link #seeds}): {@code wEnc [S, D, F]} (SAELens' {@code W_enc}), {@code wDec [S, F, D]},
 * {@code bEnc [S, 1, F]}, {@code bDec [S, 1, D]}, JumpReLU's {@code logTheta [S, 1, F]}, Adam's moments of each, and
 * {@code lastFired [S, F]} (the last step each latent fired, as floats: exact below 2^24). All live in one manager;
 * every temporary is made in a sub-manager closed at the end of its call (DESIGN.md's DJL memory rule).
 */
final class DjlState implements AutoCloseable {
    final NDManager manager;
    final int d;
    final int f;
    /** Parameters in a fixed order: wEnc, wDec, bEnc, bDec (, logTheta). */
    NDArray[] params;
    NDArray[] m;
    NDArray[] v;
    NDArray lastFired;
    /** The seeds of the rows, in order. */
    long[] seeds;
    /** Adam updates so far (all rows share it: seeds start together and a stopped seed leaves the stack). */
    int updates;

    private DjlState(NDManager manager, int d, int f) {
        this.manager = manager;
        this.d = d;
        this.f = f;
    }

    /** The seeds' current parameters (from {@link SeedState}) on {@code manager}'s device, Adam moments zero. */
    static DjlState load(NDManager manager, SeedState[] act) {
        int s = act.length;
        int d = act[0].d;
        int f = act[0].f;
        DjlState st = new DjlState(manager, d, f);
        boolean jump = act[0].logThetaF != null;
        float[] encSFD = new float[s * f * d];
        float[] dec = new float[s * f * d];
        float[] bEnc = new float[s * f];
        float[] bDec = new float[s * d];
        float[] theta = new float[jump ? s * f : 0];
        float[] fired = new float[s * f];
        for (int i = 0; i < s; i++) {
            act[i].copyEncoder(encSFD, i * f * d);
            for (int j = 0; j < f; j++) {
                System.arraycopy(act[i].wDec[j], 0, dec, (i * f + j) * d, d);
                fired[i * f + j] = act[i].lastFired[j];
            }
            System.arraycopy(act[i].bEncF, 0, bEnc, i * f, f);
            System.arraycopy(act[i].bDecD, 0, bDec, i * d, d);
            if (jump) {
                System.arraycopy(act[i].logThetaF, 0, theta, i * f, f);
            }
        }
        try (NDManager sub = manager.newSubManager()) {
            NDArray enc = sub.create(encSFD, new Shape(s, f, d)).transpose(0, 2, 1).duplicate();
            enc.attach(manager);
            st.params = jump ? new NDArray[5] : new NDArray[4];
            st.params[0] = enc;
        }
        st.params[1] = manager.create(dec, new Shape(s, f, d));
        st.params[2] = manager.create(bEnc, new Shape(s, 1, f));
        st.params[3] = manager.create(bDec, new Shape(s, 1, d));
        if (jump) {
            st.params[4] = manager.create(theta, new Shape(s, 1, f));
        }
        st.m = Arrays.stream(st.params).map(p -> manager.zeros(p.getShape())).toArray(NDArray[]::new);
        st.v = Arrays.stream(st.params).map(p -> manager.zeros(p.getShape())).toArray(NDArray[]::new);
        st.lastFired = manager.create(fired, new Shape(s, f));
        st.seeds = Arrays.stream(act).mapToLong(a -> a.seed).toArray();
        return st;
    }

    NDArray wEnc() {
        return params[0];
    }

    NDArray wDec() {
        return params[1];
    }

    NDArray bEnc() {
        return params[2];
    }

    NDArray bDec() {
        return params[3];
    }

    /** JumpReLU's {@code log theta [S, 1, F]}, or null. */
    NDArray logTheta() {
        return params.length > 4 ? params[4] : null;
    }

    /** Every long-lived array, to attach them to a step's sub-manager for its duration. */
    NDArray[] all() {
        NDArray[] out = new NDArray[3 * params.length + 1];
        for (int i = 0; i < params.length; i++) {
            out[3 * i] = params[i];
            out[3 * i + 1] = m[i];
            out[3 * i + 2] = v[i];
        }
        out[out.length - 1] = lastFired;
        return out;
    }

    /** True when the rows are exactly these seeds, in this order. */
    boolean holds(SeedState[] act) {
        return Arrays.equals(seeds, Arrays.stream(act).mapToLong(a -> a.seed).toArray());
    }

    /** Keeps only the rows of {@code act}'s seeds (a subset of {@link #seeds}, same order): after seeds stopped. */
    void keep(SeedState[] act) {
        long[] next = Arrays.stream(act).mapToLong(a -> a.seed).toArray();
        int[] rows = Arrays.stream(next).mapToInt(sd -> indexOf(seeds, sd)).toArray();
        for (int i = 0; i < params.length; i++) {
            params[i] = rowsOf(params[i], rows);
            m[i] = rowsOf(m[i], rows);
            v[i] = rowsOf(v[i], rows);
        }
        lastFired = rowsOf(lastFired, rows);
        seeds = next;
    }

    private NDArray rowsOf(NDArray a, int[] rows) {
        NDArray out;
        try (NDManager sub = manager.newSubManager()) {
            a.tempAttach(sub);
            NDList parts = new NDList();
            for (int r : rows) {
                parts.add(a.get(r + ":" + (r + 1)));
            }
            out = NDArrays.concat(parts, 0);
            out.attach(manager);
        }
        a.close();
        return out;
    }

    private static int indexOf(long[] seeds, long seed) {
        for (int i = 0; i < seeds.length; i++) {
            if (seeds[i] == seed) {
                return i;
            }
        }
        throw new IllegalStateException("expected seed " + seed + " among the engine's rows " + Arrays.toString(seeds));
    }

    /** Copies the rows back into the seeds' {@link SeedState} (weights, thresholds, last-fired steps). */
    void copyTo(SeedState[] act) {
        try (NDManager sub = manager.newSubManager()) {
            NDArray[] held = all();
            sub.tempAttachAll(held);
            float[] enc = wEnc().transpose(0, 2, 1).toFloatArray();
            float[] dec = wDec().toFloatArray();
            float[] bEnc = bEnc().toFloatArray();
            float[] bDec = bDec().toFloatArray();
            float[] theta = logTheta() == null ? null : logTheta().toFloatArray();
            float[] fired = lastFired.toFloatArray();
            for (SeedState s : act) {
                int i = indexOf(seeds, s.seed);
                for (int j = 0; j < f; j++) {
                    System.arraycopy(enc, (i * f + j) * d, s.wEncFD, j * d, d);
                    System.arraycopy(dec, (i * f + j) * d, s.wDec[j], 0, d);
                    s.lastFired[j] = (int) fired[i * f + j];
                }
                System.arraycopy(bEnc, i * f, s.bEncF, 0, f);
                System.arraycopy(bDec, i * d, s.bDecD, 0, d);
                if (theta != null) {
                    System.arraycopy(theta, i * f, s.logThetaF, 0, f);
                }
            }
        }
    }

    /** Live arrays of the manager (constant from step to step; a test counts them). */
    int liveArrays() {
        return manager.getManagedArrays().size();
    }

    @Override
    public void close() {
        manager.close();
    }
}
