package dev.husai.trainer.sae;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/**
 * Which SAE engine trains a group, and on which device: the BLAS engine (native sgemm for the pre-activations, sparse
 * Java for the rest, CPU only; {@link MultiSeedTrainer}) or the DJL engine (every seed of the group batched along a
 * leading axis as PyTorch tensors, dense; {@link DjlEngine}) on the CPU or a CUDA GPU. The default ({@link #auto()}):
 * DJL on a GPU when PyTorch sees one, else BLAS. The choice never enters the group id: both engines train the same
 * SAE from the same init and batches (they agree within 1e-4 relative after 100 steps, {@code EngineParityTest}).
 *
 * @param djl true for the DJL engine
 * @param gpu true to run it on GPU 0 (only with {@code djl})
 */
public record EngineChoice(boolean djl, boolean gpu) {
    public static final EngineChoice BLAS = new EngineChoice(false, false);
    public static final EngineChoice DJL_CPU = new EngineChoice(true, false);

    public EngineChoice {
        if (gpu && !djl) {
            throw new IllegalArgumentException("expected --device cpu with --engine blas (the BLAS engine runs on the "
                    + "CPU only), found --device gpu; use --engine djl for the GPU");
        }
    }

    /** DJL on a GPU when PyTorch sees one, else BLAS. */
    public static EngineChoice auto() {
        return gpuCount() > 0 ? new EngineChoice(true, true) : BLAS;
    }

    /**
     * From the command line: {@code engine} {@code djl|blas} and {@code device} {@code gpu|cpu}, each null for the
     * default (engine: djl when the device is gpu or a GPU is found, else blas; device: gpu for djl when found).
     *
     * @throws IllegalArgumentException for an unknown name, or {@code gpu} when PyTorch sees no GPU
     */
    public static EngineChoice parse(String engine, String device) {
        String e = engine == null ? null : engine.toLowerCase(Locale.ROOT);
        String d = device == null ? null : device.toLowerCase(Locale.ROOT);
        if (e != null && !e.equals("djl") && !e.equals("blas")) {
            throw new IllegalArgumentException("expected --engine djl or blas, found " + engine);
        }
        if (d != null && !d.equals("gpu") && !d.equals("cpu")) {
            throw new IllegalArgumentException("expected --device gpu or cpu, found " + device);
        }
        if ("gpu".equals(d) && !"blas".equals(e) && gpuCount() == 0) {
            throw new IllegalArgumentException("expected a CUDA GPU for --device gpu, found none (DJL's PyTorch engine "
                    + "reports 0 GPUs; build with -Pcuda on a machine with a CUDA 12.4 driver, or use --device cpu)");
        }
        if (e == null) {
            return d == null ? auto() : d.equals("gpu") ? new EngineChoice(true, true) : BLAS;
        }
        if (e.equals("blas")) {
            return new EngineChoice(false, "gpu".equals(d));
        }
        return new EngineChoice(true, d == null ? gpuCount() > 0 : d.equals("gpu"));
    }

    /** The DJL device of this choice (the CPU for BLAS). */
    public Device device() {
        return gpu ? Device.gpu() : Device.cpu();
    }

    /** {@code blas}, {@code djl:cpu} or {@code djl:gpu}. */
    public String label() {
        return djl ? "djl:" + (gpu ? "gpu" : "cpu") : "blas";
    }

    /** CUDA devices PyTorch sees (0 with the default CPU-only build). */
    public static int gpuCount() {
        return Engine.getInstance().getGpuCount();
    }
}
