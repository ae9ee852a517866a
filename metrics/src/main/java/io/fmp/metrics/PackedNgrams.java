package io.fmp.metrics;

/**
 * N-grams as packed token (or character) ids: each distinct item of a segment gets an id from 1,
 * and an n-gram is its n ids in {@code bits} bits each, so n-grams count by sorting a long array
 * instead of hashing one object per n-gram. An empty field is 0, so orders never collide.
 */
final class PackedNgrams {

    private PackedNgrams() {
    }

    /** Bits per id for n-grams up to {@code maxOrder}, and whether {@code distinct} ids fit in them. */
    static int bits(int maxOrder) {
        return 64 / maxOrder;
    }

    static boolean fits(int distinct, int bits) {
        return bits >= 63 || distinct < (1L << bits) - 1;
    }

    /** The key of the n-gram of order n starting at {@code start}. */
    static long key(int[] ids, int start, int n, int bits) {
        long key = 0;
        for (int j = 0; j < n; j++) {
            key = (key << bits) | ids[start + j];
        }
        return key;
    }

    /** The sorted keys of all n-grams of exactly order n. */
    static long[] keys(int[] ids, int n, int bits) {
        long[] keys = new long[Math.max(0, ids.length - n + 1)];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = key(ids, i, n, bits);
        }
        java.util.Arrays.sort(keys);
        return keys;
    }

    /** Clipped overlap of two sorted key arrays: per key, min(count in a, count in b), summed. */
    static long overlap(long[] a, long[] b) {
        long overlap = 0;
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i] < b[j]) {
                i++;
            } else if (a[i] > b[j]) {
                j++;
            } else {
                overlap++;
                i++;
                j++;
            }
        }
        return overlap;
    }
}
