package dev.husai.app.cli;

import dev.husai.core.config.SaeConfig;
import dev.husai.core.config.Width;
import picocli.CommandLine.Option;

/**
 * The dictionary width flags, shared by commands that configure an SAE: {@code --d-sae N} latents, or
 * {@code --expansion X} (d_sae / d_in, a float alias); neither = 8 x d_in, both = an error naming both.
 */
public final class WidthOptions {
    @Option(names = "--d-sae", paramLabel = "N",
            description = "latents d_sae, " + SaeConfig.MIN_D_SAE + ".." + SaeConfig.MAX_D_SAE + " (default 8 x d_in)")
    Integer dSae;
    @Option(names = "--expansion", paramLabel = "X",
            description = "alias of --d-sae as d_sae / d_in, e.g. 0.0625 = d_in / 16; X x d_in must be whole")
    Double expansion;

    /** The width given, 8 x d_in when none. */
    public Width width() {
        if (dSae != null && expansion != null) {
            throw new IllegalArgumentException("expected --d-sae or --expansion, found both (--d-sae " + dSae
                    + ", --expansion " + Width.plain(expansion) + ")");
        }
        return dSae != null ? Width.latents(dSae) : expansion != null ? Width.expansion(expansion) : Width.expansion(8);
    }
}
