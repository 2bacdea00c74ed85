package dev.husai.core.checkpoint;

/**
 * The SAE checkpoint layouts HUSAI reads (file names as each library writes them).
 */
public enum CheckpointFormat {
    /** A HUSAI snapshot: one {@code .safetensors} with {@code format_version} metadata (docs/formats.md). */
    HUSAI("husai"),
    /** SAELens ({@code SAE.save_model}): a folder with {@code cfg.json} + {@code sae_weights.safetensors}. */
    SAELENS("saelens"),
    /** sparsify ({@code SparseCoder.save_to_disk}): a folder per hookpoint with {@code cfg.json} + {@code sae.safetensors}. */
    SPARSIFY("sparsify"),
    /**
     * dictionary_learning: a folder with {@code config.json} and its {@code ae.pt} state dict converted to
     * {@code ae.safetensors} (the library writes only PyTorch pickles).
     */
    DICTIONARY_LEARNING("dictionary_learning");

    private final String wireName;

    CheckpointFormat(String wireName) {
        this.wireName = wireName;
    }

    /** The name in metadata ({@code source_format}) and flags. */
    public String wireName() {
        return wireName;
    }

    /** Parses a wire name, naming the accepted ones otherwise. */
    public static CheckpointFormat parse(String name) {
        for (CheckpointFormat f : values()) {
            if (f.wireName.equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("expected a format husai, saelens, sparsify or dictionary_learning, found " + name);
    }
}
