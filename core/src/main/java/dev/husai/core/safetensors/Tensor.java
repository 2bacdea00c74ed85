package dev.husai.core.safetensors;

import dev.husai.core.tensor.FloatMatrix;
import java.util.Arrays;

/**
 * One named tensor: its shape and its values as floats (row-major), whatever dtype it is stored in.
 *
 * @param shape dimensions, outermost first (an empty shape is a scalar)
 * @param values {@code prod(shape)} floats, row-major
 * @param dtype the dtype used when the tensor is written
 */
public record Tensor(int[] shape, float[] values, DType dtype) {

    public Tensor {
        long n = 1;
        for (int s : shape) {
            if (s < 0) {
                throw new SafetensorsException("expected non-negative dimensions, found " + Arrays.toString(shape));
            }
            n *= s;
        }
        if (values.length != n) {
            throw new SafetensorsException("expected " + n + " values for shape " + Arrays.toString(shape)
                    + ", found " + values.length);
        }
        shape = shape.clone();
    }

    /** An F32 tensor. */
    public static Tensor f32(float[] values, int... shape) {
        return new Tensor(shape, values, DType.F32);
    }

    /** A 2-D F32 tensor from a matrix (shares its array). */
    public static Tensor of(FloatMatrix m) {
        return new Tensor(new int[] {m.rows(), m.cols()}, m.data(), DType.F32);
    }

    /** This tensor stored as {@code dtype} (values are rounded when written as F16). */
    public Tensor as(DType newType) {
        return new Tensor(shape, values, newType);
    }

    /** Number of elements. */
    public int size() {
        return values.length;
    }

    /** A 2-D tensor as a matrix (shares the array); fails when the tensor is not 2-D. */
    public FloatMatrix matrix() {
        if (shape.length != 2) {
            throw new SafetensorsException("expected a 2-D tensor, found shape " + Arrays.toString(shape));
        }
        return new FloatMatrix(shape[0], shape[1], values);
    }

    /** Checks the shape, failing with {@code expected NAME [a,b], found [c,d]}. */
    public Tensor requireShape(String name, int... expected) {
        if (!Arrays.equals(shape, expected)) {
            throw new SafetensorsException("expected " + name + " " + dims(expected) + ", found " + dims(shape));
        }
        return this;
    }

    static String dims(int[] s) {
        return Arrays.toString(s).replace(" ", "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(t.shape, shape) && Arrays.equals(t.values, values)
                && t.dtype == dtype;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Tensor" + dims(shape) + dtype;
    }
}
