package dev.husai.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.husai.core.align.CosineMatrix;
import dev.husai.core.align.GreedyMatcher;
import dev.husai.core.align.LinearAssignment;
import dev.husai.core.align.Matching;
import dev.husai.core.align.SparseAssignment;
import dev.husai.core.format.Npy;
import dev.husai.core.safetensors.DType;
import dev.husai.core.snapshot.SaeSnapshot;
import dev.husai.core.stability.Baselines;
import dev.husai.core.tensor.FloatMatrix;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@code husai bench align}: our cosine matrix and exact matching beside scipy's
 * {@code linear_sum_assignment} on the very same matrices ({@code anchors/anchor_lap.py --out} writes
 * them as {@code .npy}: a noisy permuted copy, D = 128). Reports cosine-matrix GFLOP/s against the
 * machine's sgemm roofline, matching time (median of runs), scipy/ours ratio and total agreement.
 */
public final class AlignBench {

    /** numpy/OpenBLAS sgemm 2048^3 on this machine kind (DESIGN.md anchors). */
    public static final double ROOFLINE_GFLOPS = 199.0;
    /** Allowed relative difference between our total and scipy's. */
    public static final double TOTAL_TOLERANCE = 1e-3;
    private static final int D = 128;
    /** Rank of the in-span variant of {@link #fromGroup}. */
    public static final int SPAN_RANK = 8;

    /**
     * One matrix's measurements. Times in seconds; scipy fields are NaN when the anchor did not run.
     *
     * @param label       what was matched ({@code synthetic}, {@code raw}, {@code in-span r=8})
     * @param n           latents per dictionary
     * @param cosineS     our cosine matrix, median
     * @param gflops      {@code 2 n^2 D / cosineS / 1e9}
     * @param exactS      our dense exact matching ({@link LinearAssignment}), median
     * @param sparseS     our exact matching on candidate edges ({@link SparseAssignment}), median
     * @param exactCpuS   the dense matching's thread CPU time, median (steadier than wall time on a shared machine)
     * @param sparseCpuS  the candidate-edge matching's thread CPU time, median
     * @param greedyS     our greedy approximation, median
     * @param total       our dense exact total
     * @param sparseTotal the candidate-edge solver's total (certified optimal: equal to {@code total})
     * @param greedyTotal greedy total (an approximation, <= total)
     * @param scipyS      scipy matching time
     * @param scipyTotal  scipy total
     */
    public record Row(String label, int n, double cosineS, double gflops, double exactS, double sparseS,
                      double exactCpuS, double sparseCpuS, double greedyS, double total, double sparseTotal, double greedyTotal, double scipyS,
                      double scipyTotal) {

        /** scipy time / our dense exact time (NaN without scipy). */
        public double speedup() {
            return scipyS / exactS;
        }

        /**
         * True when both our exact totals agree to {@code 1e-6} relative and scipy did not run or agrees within
         * {@link #TOTAL_TOLERANCE} relative.
         */
        public boolean totalsAgree() {
            boolean ours = Math.abs(total - sparseTotal) <= 1e-6 * Math.abs(total);
            return ours && (Double.isNaN(scipyTotal) || Math.abs(total - scipyTotal) <= TOTAL_TOLERANCE * Math.abs(scipyTotal));
        }
    }

    private AlignBench() {
    }

    /**
     * Runs the benchmark for each {@code n} in {@code sizes} (e.g. 1024, 2048, 4096, 8192), writing the
     * anchor's matrices under {@code workDir}, and prints a table to {@code out}.
     *
     * @return one row per size
     */
    public static List<Row> run(PrintStream out, int[] sizes, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Optional<Path> script = PythonAnchor.script("anchor_lap.py");
        Optional<String> noPython = script.isEmpty() ? Optional.of("anchor_lap.py not found in the jar")
                : PythonAnchor.unavailableReason();
        out.printf(Locale.ROOT, "BLAS backend: %s%s%n", CosineMatrix.backend(), blasHint());
        noPython.ifPresent(r -> out.println("scipy anchor skipped: " + r + " - timing ours only on Java-generated matrices"));
        List<Row> rows = new ArrayList<>();
        for (int n : sizes) {
            rows.add(noPython.isPresent() ? measure("synthetic", n, synthetic(n, 0), synthetic(n, 1), Double.NaN, Double.NaN)
                    : withAnchor(n, script.get(), workDir));
        }
        printTable(out, rows);
        return rows;
    }

    /**
     * The same measurement on real dictionaries: the unit decoder rows of the last snapshots of a sweep group's first
     * two seeds ({@code GROUP_DIR/seed-*}{@code /step-*.safetensors}), raw and projected on the top
     * {@link #SPAN_RANK} principal directions of both seeds' decoder rows (renormalised: the in-span case, full of
     * near-ties), each written under {@code workDir} for scipy ({@code anchor_lap.py --in}), which matches the very
     * same matrices.
     *
     * @return the raw row, then the in-span row
     */
    public static List<Row> fromGroup(PrintStream out, Path groupDir, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        List<Path> seeds;
        try (Stream<Path> s = Files.list(groupDir)) {
            seeds = s.filter(p -> p.getFileName().toString().startsWith("seed-")).sorted().limit(2).toList();
        }
        if (seeds.size() < 2) {
            throw new IllegalArgumentException("expected a sweep group folder with two seed-* folders, found "
                    + seeds.size() + " in " + groupDir);
        }
        FloatMatrix a = lastDecoder(seeds.get(0));
        FloatMatrix b = lastDecoder(seeds.get(1));
        out.printf(Locale.ROOT, "group %s: %s vs %s, W_dec %s%n", groupDir.getFileName(), seeds.get(0).getFileName(),
                seeds.get(1).getFileName(), a.shape());
        Optional<Path> script = PythonAnchor.script("anchor_lap.py");
        Optional<String> noPython = script.isEmpty() ? Optional.of("anchor_lap.py not found in the jar")
                : PythonAnchor.unavailableReason();
        noPython.ifPresent(r -> out.println("scipy anchor skipped: " + r));
        FloatMatrix[] span = InSpan.project(a, b, SPAN_RANK);
        List<Row> rows = List.of(
                fromFiles("raw", a, b, workDir.resolve("group_").toString(), script.filter(x -> noPython.isEmpty())),
                fromFiles("in-span r=" + span[0].cols(), span[0], span[1], workDir.resolve("span_").toString(),
                        script.filter(x -> noPython.isEmpty())));
        printTable(out, rows);
        return rows;
    }

    /** Writes {@code a}, {@code b} as {@code PREFIXA.npy}, {@code PREFIXB.npy}, runs scipy on them if it can, measures. */
    private static Row fromFiles(String label, FloatMatrix a, FloatMatrix b, String prefix, Optional<Path> script)
            throws IOException {
        Files.write(Path.of(prefix + "A.npy"), Npy.encode(a, DType.F32));
        Files.write(Path.of(prefix + "B.npy"), Npy.encode(b, DType.F32));
        JsonNode anchor = script.isEmpty() ? null : PythonAnchor.run(script.get(), List.of("--in", prefix));
        return measure(label, a.rows(), a, b, anchor == null ? Double.NaN : anchor.path("matching_s").asDouble(Double.NaN),
                anchor == null ? Double.NaN : anchor.path("total").asDouble(Double.NaN));
    }

    /** The unit decoder rows of the last {@code step-*.safetensors} of a seed folder. */
    private static FloatMatrix lastDecoder(Path seedDir) throws IOException {
        Path last;
        try (Stream<Path> s = Files.list(seedDir)) {
            last = s.filter(p -> p.getFileName().toString().matches("step-\\d+\\.safetensors")).max(Path::compareTo)
                    .orElseThrow(() -> new IllegalArgumentException("expected step-*.safetensors in " + seedDir + ", found none"));
        }
        return dev.husai.core.align.Dictionaries.normalizeRows(SaeSnapshot.decode(Files.readAllBytes(last)).weights().wDecFD());
    }

    private static Row withAnchor(int n, Path script, Path workDir) throws IOException {
        String prefix = workDir.resolve("lap" + n + "_").toString();
        JsonNode anchor = PythonAnchor.run(script, List.of("--n", Integer.toString(n), "--d", Integer.toString(D), "--out", prefix));
        FloatMatrix a = Npy.read(Files.readAllBytes(Path.of(prefix + "A.npy")));
        FloatMatrix b = Npy.read(Files.readAllBytes(Path.of(prefix + "B.npy")));
        return measure("synthetic", n, a, b, anchor.path("matching_s").asDouble(Double.NaN), anchor.path("total").asDouble(Double.NaN));
    }

    private static Row measure(String label, int n, FloatMatrix aFD, FloatMatrix bFD, double scipyS, double scipyTotal) {
        int runs = n >= 8192 ? 3 : 5;
        FloatMatrix[] cos = new FloatMatrix[1];
        double cosineS = median(runs + 2, () -> cos[0] = CosineMatrix.ofNormalized(aFD, bFD));
        FloatMatrix c = cos[0];
        Matching[] exact = new Matching[1];
        double[] exactS = medians(runs, () -> exact[0] = LinearAssignment.maximize(c));
        Matching[] sparse = new Matching[1];
        double[] sparseS = medians(runs, () -> sparse[0] = SparseAssignment.maximize(c));
        Matching[] greedy = new Matching[1];
        double greedyS = median(runs, () -> greedy[0] = GreedyMatcher.maximize(c));
        double gflops = 2.0 * aFD.rows() * bFD.rows() * aFD.cols() / cosineS / 1e9;
        return new Row(label, n, cosineS, gflops, exactS[0], sparseS[0], exactS[1], sparseS[1], greedyS, exact[0].total(), sparse[0].total(),
                greedy[0].total(), scipyS, scipyTotal);
    }

    /** Median wall time in seconds of {@code runs} calls (the first call is an untimed warm-up). */
    static double median(int runs, Supplier<?> work) {
        return medians(runs, work)[0];
    }

    /** Median wall time and median thread CPU time, in seconds, of {@code runs} calls after an untimed warm-up. */
    static double[] medians(int runs, Supplier<?> work) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        work.get();
        double[] wall = new double[runs];
        double[] cpu = new double[runs];
        for (int r = 0; r < runs; r++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            work.get();
            wall[r] = (System.nanoTime() - t0) / 1e9;
            cpu[r] = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new double[] {wall[runs / 2], cpu[runs / 2]};
    }

    /** Same recipe as anchor_lap.py (unit rows; B = permuted A + 0.05/sqrt(D) noise, renormalised); own RNG. */
    static FloatMatrix synthetic(int n, int which) {
        FloatMatrix a = Baselines.randomUnit(n, D, 7);
        if (which == 0) {
            return a;
        }
        FloatMatrix noise = Baselines.randomUnit(n, D, 8);
        float[] b = new float[n * D];
        for (int i = 0; i < n; i++) {
            int src = (int) ((i * 2654435761L) % n + n) % n;
            for (int k = 0; k < D; k++) {
                b[i * D + k] = a.get(src, k) + 0.05f * noise.get(i, k);
            }
        }
        return dev.husai.core.align.Dictionaries.normalizeRows(new FloatMatrix(n, D, b));
    }

    private static String blasHint() {
        if (!CosineMatrix.isNative()) {
            return " (pure-Java fallback: native libblas.so.3 not loaded)";
        }
        String core = System.getenv("OPENBLAS_CORETYPE");
        return core == null ? " (OPENBLAS_CORETYPE unset: Debian's OpenBLAS 0.3.21 may pick slow Prescott kernels;"
                + " try OPENBLAS_CORETYPE=SkylakeX)" : " (OPENBLAS_CORETYPE=" + core + ")";
    }

    private static void printTable(PrintStream out, List<Row> rows) {
        out.printf(Locale.ROOT, "%-12s %5s %8s %7s %5s %8s %8s %8s %7s %7s %7s %8s %9s %6s %s%n", "matrix", "n",
                "cosine_s", "GFLOP/s", "%roof", "dense_s", "sparse_s", "scipy_s", "dns/sps", "cpu_d/s", "scp/sps",
                "greedy_s", "greedy_gap", "totals", "total");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "%-12s %5d %8.4f %7.1f %4.0f%% %8.4f %8.4f %8.4f %7.1f %7.1f %7.1f %8.4f %9.2e %6s %.4f%n",
                    r.label(), r.n(), r.cosineS(), r.gflops(), 100 * r.gflops() / ROOFLINE_GFLOPS, r.exactS(),
                    r.sparseS(), r.scipyS(), r.exactS() / r.sparseS(), r.exactCpuS() / r.sparseCpuS(),
                    r.scipyS() / r.sparseS(), r.greedyS(), (r.total() - r.greedyTotal()) / r.total(),
                    r.totalsAgree() ? "agree" : "DIFFER", r.total());
        }
        out.println("dense = Jonker-Volgenant on the full matrix; sparse = SparseAssignment.maximize as Matchers.exact runs"
                + " it (exact on candidate edges, certified by LP duality; the dense solver when nearly every row's best"
                + " column is its own); medians of our runs; greedy = approximation; dns/sps, scp/sps = dense or scipy"
                + " wall time / sparse wall time; cpu_d/s = the same dense/sparse ratio in thread CPU time; roofline " + ROOFLINE_GFLOPS + " GFLOP/s");
    }
}
