package dev.husai.core.safetensors;

/**
 * One tensor as the safetensors header describes it, without its values: for reading a tensor of a file too large
 * for the heap in place.
 *
 * @param dtype  element type
 * @param shape  dimensions (copied)
 * @param offset absolute byte offset of the first element in the file (8 + header length + data_offsets begin)
 * @param bytes  payload bytes (elements times element size)
 */
public record TensorEntry(DType dtype, int[] shape, long offset, long bytes) {
    public TensorEntry {
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The shape as {@code [a,b]}. */
    public String dims() {
        return Tensor.dims(shape);
    }
}
