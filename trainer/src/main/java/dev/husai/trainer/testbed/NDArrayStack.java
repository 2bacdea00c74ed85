package dev.husai.trainer.testbed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/** Small NDArray helpers the DJL API lacks in the exact form needed here. */
final class NDArrayStack {
    private NDArrayStack() {
    }

    /** Stacks arrays of equal shape {@code [..]} into {@code [.., n]}. */
    static NDArray stackLast(NDArray... arrays) {
        int axis = arrays[0].getShape().dimension();
        return NDArrays.stack(new NDList(arrays), axis);
    }
}
