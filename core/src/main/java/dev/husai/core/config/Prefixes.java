package dev.husai.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Nested prefix sizes of a Matryoshka dictionary (Bussmann et al. 2025): {@code m_1 < m_2 < ... < m_M = d_sae}; the
 * prefix {@code m} is latents {@code [0, m)}, and each prefix is trained to reconstruct the input on its own.
 */
public final class Prefixes {
    private Prefixes() {
    }

    /**
     * The defaults: d_sae/16, d_sae/8, d_sae/4, d_sae/2, d_sae (integer division; sizes below 1 and repeats
     * dropped), e.g. 2, 4, 8, 16, 32 at d_sae 32 and 64, 128, 256, 512, 1024 at d_sae 1024.
     */
    public static List<Integer> defaults(int dSae) {
        TreeSet<Integer> sizes = new TreeSet<>();
        for (int div = 16; div >= 1; div /= 2) {
            if (dSae / div >= 1) {
                sizes.add(dSae / div);
            }
        }
        return List.copyOf(sizes);
    }

    /**
     * Validates sizes (strictly increasing, each in [1, d_sae]) and appends d_sae when the last is smaller; an empty
     * list stays empty (the defaults apply).
     */
    public static List<Integer> checked(int dSae, List<Integer> sizes) {
        for (int i = 0; i < sizes.size(); i++) {
            Integer v = sizes.get(i);
            if (v == null || v < 1 || v > dSae || i > 0 && v <= sizes.get(i - 1)) {
                throw new IllegalArgumentException("expected strictly increasing prefix sizes in [1, d_sae=" + dSae
                        + "], found " + sizes);
            }
        }
        if (sizes.isEmpty() || sizes.get(sizes.size() - 1) == dSae) {
            return List.copyOf(sizes);
        }
        List<Integer> out = new ArrayList<>(sizes);
        out.add(dSae);
        return List.copyOf(out);
    }

    /** Parses {@code 4,8,16} (a flag value); blank = empty. */
    public static List<Integer> parse(String text) {
        List<Integer> out = new ArrayList<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                out.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected prefix sizes as integers like 4,8,16, found " + text);
            }
        }
        return List.copyOf(out);
    }
}
