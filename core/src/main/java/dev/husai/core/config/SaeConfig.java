package dev.husai.core.config;

import java.util.HashSet;
import java.util.List;

/**
 * One SAE configuration (a <em>group</em>) trained with several seeds. Validated on construction; parse
 * flags or JSON at the edge and build with {@link #builder(HookPoint, int)}.
 *
 * @param hook            where activations are read
 * @param dIn             input width D (128 at resid_post, 512 at mlp_post on the testbed)
 * @param arch            architecture
 * @param dSae            latents F, in [{@value #MIN_D_SAE}, {@value #MAX_D_SAE}] (any integer, also below d_in);
 *                        {@link #expansion()} = d_sae / d_in is derived
 * @param k               active latents per row (TopK, BatchTopK, Matryoshka BatchTopK), the target L0 of JumpReLU;
 *                        ignored by ReLU-L1
 * @param l1Coefficient   L1 coefficient lambda (ReLU-L1); ignored by the others
 * @param lr              Adam learning rate after warm-up
 * @param warmupSteps     linear lr warm-up from 0
 * @param decaySteps      linear lr decay to 0 over the last steps (0 = none)
 * @param batchSize       rows per step per seed
 * @param steps           training steps
 * @param seeds           distinct seeds; each controls initialisation and data order
 * @param snapshotEvery   a snapshot of every seed each this many steps (and at the end)
 * @param l1WarmupSteps   linear warm-up of the L1 coefficient from 0 (ReLU-L1), and of a fixed JumpReLU L0 coefficient
 * @param auxkCoefficient AuxK loss weight alpha (Gao et al. 2024: 1/32; 0 = off)
 * @param deadWindow      a latent is dead when it has not fired for this many steps
 * @param l0Coefficient   JumpReLU's fixed L0 coefficient lambda (the paper's penalty lambda L0); 0 (the default) =
 *                        a penalty that pulls the L0 toward k instead (see docs/sae.md); ignored by the others
 * @param prefixes        Matryoshka's nested prefix sizes m_1 < ... < m_M = d_sae (d_sae is appended when missing);
 *                        empty = {@link Prefixes#defaults(int)}; must be empty for the other archs
 */
public record SaeConfig(HookPoint hook, int dIn, Arch arch, int dSae, int k, double l1Coefficient,
                        double lr, int warmupSteps, int decaySteps, int batchSize, int steps, List<Long> seeds,
                        int snapshotEvery, int l1WarmupSteps, double auxkCoefficient, int deadWindow,
                        double l0Coefficient, List<Integer> prefixes) {

    /**
     * JumpReLU's initial threshold theta_0, in units of the data's RMS scale s: 0.5, where trained thresholds end up
     * (the paper's 0.001 on its normalised inputs needs ~ln(500)/lr Adam steps to get there, far more than a sweep's
     * caps: measured, its L0 stayed 2-10x above the target after 1,600-4,000 steps on the testbed and SynthBench).
     */
    public static final double JUMPRELU_THRESHOLD_INIT = 0.5;
    /**
     * JumpReLU's kernel bandwidth epsilon, in units of the data's RMS scale: 0.1 (the paper's 0.001 leaves almost no
     * pre-activation inside the band, so the thresholds get no gradient in short runs).
     */
    public static final double JUMPRELU_BANDWIDTH = 0.1;

    /**
     * SAE architectures (wire names in metadata and flags: {@code relu_l1, topk, batch_topk, jumprelu,
     * matryoshka_batch_topk}).
     */
    public enum Arch {
        RELU_L1("relu_l1"), TOPK("topk"), BATCH_TOPK("batch_topk"), JUMPRELU("jumprelu"),
        MATRYOSHKA_BATCH_TOPK("matryoshka_batch_topk");

        private final String wireName;

        Arch(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** True when sparsity is set by k (JumpReLU: its target L0) rather than an L1 coefficient. */
        public boolean usesK() {
            return this != RELU_L1;
        }

        /** True when decoder rows are kept at unit norm with the parallel gradient removed (all but ReLU-L1). */
        public boolean unitNormDecoder() {
            return this != RELU_L1;
        }

        /** True when AuxK revives dead latents (TopK, BatchTopK, Matryoshka BatchTopK). */
        public boolean usesAuxK() {
            return this == TOPK || this == BATCH_TOPK || this == MATRYOSHKA_BATCH_TOPK;
        }

        /** True when training keeps the batch's top k*N values and inference uses a learned global threshold. */
        public boolean batchTopK() {
            return this == BATCH_TOPK || this == MATRYOSHKA_BATCH_TOPK;
        }

        /**
         * Parses a wire name (case-insensitive; {@code batchtopk}, {@code matryoshka} and
         * {@code matryoshkabatchtopk} accepted).
         */
        public static Arch parse(String name) {
            for (Arch a : values()) {
                if (a.wireName.equalsIgnoreCase(name) || a.name().equalsIgnoreCase(name)
                        || a.wireName.replace("_", "").equalsIgnoreCase(name)) {
                    return a;
                }
            }
            if ("matryoshka".equalsIgnoreCase(name)) {
                return MATRYOSHKA_BATCH_TOPK;
            }
            throw new IllegalArgumentException("expected arch relu_l1, topk, batch_topk, jumprelu or matryoshka_batch_topk,"
                    + " found " + name);
        }
    }

    /** The narrowest dictionary: 2 latents. */
    public static final int MIN_D_SAE = 2;
    /** The widest dictionary: 65,536 latents. */
    public static final int MAX_D_SAE = 65_536;

    public SaeConfig {
        if (hook == null || arch == null) {
            throw new IllegalArgumentException("expected a hook point and an arch, found " + hook + ", " + arch);
        }
        require(dIn >= 1, "expected d_in >= 1, found " + dIn);
        requireDSae(dSae);
        if (arch.usesK()) {
            require(k >= 1, "expected k >= 1, found " + k);
            require(k <= dSae, "expected k <= d_sae (" + dSae + "), found " + k);
        } else {
            require(l1Coefficient > 0 && Double.isFinite(l1Coefficient),
                    "expected l1 coefficient > 0, found " + l1Coefficient);
        }
        require(lr > 0 && Double.isFinite(lr), "expected lr > 0, found " + lr);
        require(steps >= 1, "expected steps >= 1, found " + steps);
        require(warmupSteps >= 0 && decaySteps >= 0 && warmupSteps + decaySteps <= steps,
                "expected warmup + decay steps in [0, steps=" + steps + "], found " + warmupSteps + " + " + decaySteps);
        require(batchSize >= 1, "expected batch size >= 1, found " + batchSize);
        require(seeds != null && !seeds.isEmpty(), "expected a non-empty seed list, found " + (seeds == null ? "none" : seeds));
        seeds = List.copyOf(seeds);
        require(new HashSet<>(seeds).size() == seeds.size(), "expected distinct seeds, found " + seeds);
        require(snapshotEvery >= 1, "expected snapshot interval >= 1, found " + snapshotEvery);
        require(l1WarmupSteps >= 0, "expected l1 warm-up steps >= 0, found " + l1WarmupSteps);
        require(auxkCoefficient >= 0 && Double.isFinite(auxkCoefficient), "expected auxk coefficient >= 0, found " + auxkCoefficient);
        require(deadWindow >= 1, "expected dead-latent window >= 1 step, found " + deadWindow);
        require(l0Coefficient >= 0 && Double.isFinite(l0Coefficient),
                "expected l0 coefficient >= 0 (0 = target L0 k), found " + l0Coefficient);
        prefixes = prefixes == null ? List.of() : List.copyOf(prefixes);
        require(prefixes.isEmpty() || arch == Arch.MATRYOSHKA_BATCH_TOPK,
                "expected prefix sizes only for matryoshka_batch_topk, found " + prefixes + " for " + arch.wireName());
        prefixes = Prefixes.checked(dSae, prefixes);
    }

    /** The prefix sizes Matryoshka trains ({@link #prefixes()}, else the defaults); empty for the other archs. */
    public List<Integer> prefixSizes() {
        if (arch != Arch.MATRYOSHKA_BATCH_TOPK) {
            return List.of();
        }
        return prefixes.isEmpty() ? Prefixes.defaults(dSae) : prefixes;
    }

    /** Returns {@code dSae} when it is a valid width in latents, else the expected-vs-found error. */
    static int requireDSae(int dSae) {
        require(dSae >= MIN_D_SAE && dSae <= MAX_D_SAE,
                "expected d_sae in [" + MIN_D_SAE + ", " + MAX_D_SAE + "], found " + dSae);
        return dSae;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** expansion = d_sae / d_in, derived (0.0625 for 8 latents at d_in 128). */
    public double expansion() {
        return dSae / (double) dIn;
    }

    /** AuxK's k: d_in / 2 as in Gao et al. 2024 (at most d_sae). */
    public int kAux() {
        return Math.min(Math.max(1, dIn / 2), dSae());
    }

    /** The sparsity setting as metadata: {@code k=16} or {@code l1=0.003}. */
    public String sparsityKey() {
        return arch.usesK() ? "k" : "l1";
    }

    public String sparsityValue() {
        return arch.usesK() ? Integer.toString(k) : Width.plain(l1Coefficient);
    }

    /**
     * The group id: every setting but the seeds, readable and safe as a file name and Kafka key; the width token
     * {@code f<d_sae>} names the latents, e.g. {@code resid_post.topk.f1024.k16.lr0.001.b1024.s2000} or
     * {@code resid_post.relu_l1.f8.l1_3.lr0.001.b1024.s2000}.
     */
    public String groupId() {
        return groupId("f" + dSae);
    }

    /**
     * The id this group had before widths were numbers of latents ({@code x<expansion>}, e.g.
     * {@code resid_post.topk.x8.k16.lr0.001.b1024.s2000}), or null when the expansion is not a whole number (such a
     * group could not be configured then). Lets a sweep directory written by an older HUSAI resume.
     */
    public String legacyGroupId() {
        return dSae % dIn == 0 ? groupId("x" + dSae / dIn) : null;
    }

    private String groupId(String widthToken) {
        return String.join(".", hook.wireName(), arch.wireName(), widthToken,
                (arch.usesK() ? "k" : "l1_") + sparsityValue(), "lr" + Width.plain(lr), "b" + batchSize, "s" + steps)
                + (warmupSteps == 0 && decaySteps == 0 ? "" : ".w" + warmupSteps + "d" + decaySteps)
                + archToken();
    }

    /**
     * Settings of the two newer archs that differ from their defaults: {@code .l0c<lambda>} for a fixed JumpReLU L0
     * coefficient, {@code .m<m1>-<m2>-...} for Matryoshka prefixes other than the defaults.
     */
    private String archToken() {
        if (arch == Arch.JUMPRELU && l0Coefficient > 0) {
            return ".l0c" + Width.plain(l0Coefficient);
        }
        if (arch == Arch.MATRYOSHKA_BATCH_TOPK && !prefixSizes().equals(Prefixes.defaults(dSae))) {
            return ".m" + String.join("-", prefixSizes().stream().map(String::valueOf).toList());
        }
        return "";
    }

    /** Learning rate at a 1-based step: linear warm-up, constant, linear decay to 0 over the last decaySteps. */
    public double lrAt(int step) {
        double f = 1;
        if (warmupSteps > 0 && step <= warmupSteps) {
            f = step / (double) warmupSteps;
        }
        int decayStart = steps - decaySteps;
        if (decaySteps > 0 && step > decayStart) {
            f = Math.min(f, (steps - step + 1) / (double) decaySteps);
        }
        return lr * f;
    }

    /** The L1 coefficient at a 1-based step (linear warm-up). */
    public double l1At(int step) {
        return l1WarmupSteps == 0 ? l1Coefficient : l1Coefficient * Math.min(1, step / (double) l1WarmupSteps);
    }

    /** A fixed JumpReLU L0 coefficient at a 1-based step (the same linear warm-up as L1); 0 in target-k mode. */
    public double l0At(int step) {
        return l1WarmupSteps == 0 ? l0Coefficient : l0Coefficient * Math.min(1, step / (double) l1WarmupSteps);
    }

    public static Builder builder(HookPoint hook, int dIn) {
        return new Builder(hook, dIn);
    }

    /** A builder starting from this config. */
    public Builder toBuilder() {
        return new Builder(hook, dIn).arch(arch).dSae(dSae).k(k).l1(l1Coefficient).lr(lr)
                .warmupSteps(warmupSteps).decaySteps(decaySteps).batchSize(batchSize).steps(steps).seeds(seeds)
                .snapshotEvery(snapshotEvery).l1WarmupSteps(l1WarmupSteps).auxkCoefficient(auxkCoefficient)
                .deadWindow(deadWindow).l0Coefficient(l0Coefficient).prefixes(prefixes);
    }

    /**
     * Defaults: TopK, 8 x d_in latents, k = 32, lr 1e-3, batch 1024, 2000 steps, seed 0, snapshot every 100, AuxK 1/32.
     * The width is the last of {@link #dSae(int)} and {@link #expansion(double)} set.
     */
    public static final class Builder {
        private final HookPoint hook;
        private final int dIn;
        private Arch arch = Arch.TOPK;
        private Width width = Width.expansion(8);
        private int k = 32;
        private double l1 = 1e-3;
        private double lr = 1e-3;
        private int warmupSteps;
        private int decaySteps;
        private int batchSize = 1024;
        private int steps = 2000;
        private List<Long> seeds = List.of(0L);
        private int snapshotEvery = 100;
        private int l1WarmupSteps;
        private double auxkCoefficient = 1.0 / 32;
        private int deadWindow = 200;
        private double l0Coefficient;
        private List<Integer> prefixes = List.of();

        private Builder(HookPoint hook, int dIn) {
            this.hook = hook;
            this.dIn = dIn;
        }

        public Builder arch(Arch v) { arch = v; return this; }
        public Builder width(Width v) { width = v; return this; }
        /** d_sae latents. */
        public Builder dSae(int v) { return width(Width.latents(v)); }
        /** Alias of {@link #dSae(int)}: d_sae = expansion x d_in, a whole number (see {@link Width#dSae(int)}). */
        public Builder expansion(double v) { return width(Width.expansion(v)); }
        public Builder k(int v) { k = v; return this; }
        public Builder l1(double v) { l1 = v; return this; }
        public Builder lr(double v) { lr = v; return this; }
        public Builder warmupSteps(int v) { warmupSteps = v; return this; }
        public Builder decaySteps(int v) { decaySteps = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder steps(int v) { steps = v; return this; }
        public Builder seeds(List<Long> v) { seeds = v; return this; }
        public Builder snapshotEvery(int v) { snapshotEvery = v; return this; }
        public Builder l1WarmupSteps(int v) { l1WarmupSteps = v; return this; }
        public Builder auxkCoefficient(double v) { auxkCoefficient = v; return this; }
        public Builder deadWindow(int v) { deadWindow = v; return this; }
        /** JumpReLU's fixed L0 coefficient (0 = target L0 k). */
        public Builder l0Coefficient(double v) { l0Coefficient = v; return this; }
        /** Matryoshka's prefix sizes (empty = the defaults). */
        public Builder prefixes(List<Integer> v) { prefixes = v; return this; }

        public SaeConfig build() {
            return new SaeConfig(hook, dIn, arch, width.dSae(dIn), k, l1, lr, warmupSteps, decaySteps, batchSize, steps,
                    seeds, snapshotEvery, l1WarmupSteps, auxkCoefficient, deadWindow, l0Coefficient, prefixes);
        }
    }
}
