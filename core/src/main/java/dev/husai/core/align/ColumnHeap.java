package dev.husai.core.align;

import java.util.Arrays;

/**
 * Indexed binary min-heap of columns for {@link SparseJvSolver}'s Dijkstra searches, keyed by the solver's
 * tentative distances {@code dist[j]}; ties go to free columns ({@code rowOfCol[j] < 0}, so a search ends as early
 * as it can), then to the lower index, which keeps every search deterministic. {@code O(log m)} per operation.
 */
final class ColumnHeap {

    private final double[] dist;
    private final int[] rowOfCol;
    private final int[] heap;
    private final int[] pos;
    private int size;

    /** @param dist and {@code rowOfCol}: the solver's arrays ({@code [m]}), read live, never written */
    ColumnHeap(double[] dist, int[] rowOfCol) {
        this.dist = dist;
        this.rowOfCol = rowOfCol;
        this.heap = new int[dist.length];
        this.pos = new int[dist.length];
        Arrays.fill(pos, -1);
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Inserts column {@code j}, or moves it up after its distance fell. */
    void offer(int j) {
        int p = pos[j];
        if (p < 0) {
            p = size++;
            heap[p] = j;
            pos[j] = p;
        }
        siftUp(p);
    }

    /** Removes and returns the first column. */
    int poll() {
        int top = heap[0];
        pos[top] = -1;
        size--;
        if (size > 0) {
            int last = heap[size];
            heap[0] = last;
            pos[last] = 0;
            siftDown(0);
        }
        return top;
    }

    /** Empties the heap (the columns still in it forget their slots). */
    void clear() {
        for (int k = 0; k < size; k++) {
            pos[heap[k]] = -1;
        }
        size = 0;
    }

    /** True when column {@code a} comes before {@code b}: smaller distance, then free, then lower index. */
    private boolean before(int a, int b) {
        if (dist[a] != dist[b]) {
            return dist[a] < dist[b];
        }
        boolean fa = rowOfCol[a] < 0;
        boolean fb = rowOfCol[b] < 0;
        return fa != fb ? fa : a < b;
    }

    private void siftUp(int p) {
        int j = heap[p];
        while (p > 0) {
            int parent = (p - 1) >>> 1;
            int q = heap[parent];
            if (!before(j, q)) {
                break;
            }
            heap[p] = q;
            pos[q] = p;
            p = parent;
        }
        heap[p] = j;
        pos[j] = p;
    }

    private void siftDown(int p) {
        int j = heap[p];
        while (true) {
            int c = 2 * p + 1;
            if (c >= size) {
                break;
            }
            if (c + 1 < size && before(heap[c + 1], heap[c])) {
                c++;
            }
            if (!before(heap[c], j)) {
                break;
            }
            heap[p] = heap[c];
            pos[heap[c]] = p;
            p = c;
        }
        heap[p] = j;
        pos[j] = p;
    }
}
