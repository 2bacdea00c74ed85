package dev.husai.trainer.testbed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A set of pairs as NDArrays: operands {@code a}, {@code b} and labels {@code y}, each int32 {@code [B]}.
 */
public record Batch(NDArray a, NDArray b, NDArray y) {

    /** The pairs with the given indices ({@code i = a * p + b}). */
    public static Batch of(NDManager manager, ModularAdditionData data, int[] indices) {
        int[] a = new int[indices.length];
        int[] b = new int[indices.length];
        int[] y = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            a[i] = data.a(indices[i]);
            b[i] = data.b(indices[i]);
            y[i] = data.label(indices[i]);
        }
        return new Batch(ModularTransformer.torchOwned(manager, a), ModularTransformer.torchOwned(manager, b),
                ModularTransformer.torchOwned(manager, y));
    }

    public long size() {
        return a.size();
    }
}
