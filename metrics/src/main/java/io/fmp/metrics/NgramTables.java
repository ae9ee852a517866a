package io.fmp.metrics;

import java.util.Arrays;

/**
 * Per-thread scratch for counting n-grams without an object per n-gram or per item: small ids for
 * the items (code points, or token strings) of one segment, and a count table of packed n-gram keys
 * (see {@link PackedNgrams}) from which a second text takes its clipped matches. Open addressing,
 * reset by clearing only the slots used, so a segment costs no allocation once the tables are warm.
 */
final class NgramTables {

    private static final ThreadLocal<NgramTables> OWN = ThreadLocal.withInitial(NgramTables::new);

    private NgramTables() {
    }

    static NgramTables get() {
        return OWN.get();
    }

    // ---- item ids: code points (ints) or strings, numbered from 1 in order of first sight ----

    private int[] intKeys = new int[64];
    private int[] intIds = new int[64];
    private String[] stringKeys = new String[64];
    private int[] stringIds = new int[64];
    private int[] usedSlots = new int[64];
    private int used;
    private int distinct;

    /** Forgets every id; the next item gets id 1. */
    void resetIds() {
        for (int i = 0; i < used; i++) {
            intIds[usedSlots[i]] = 0;
            stringIds[usedSlots[i]] = 0;
            stringKeys[usedSlots[i]] = null;
        }
        used = 0;
        distinct = 0;
    }

    int distinct() {
        return distinct;
    }

    /** The id of a code point (or any int). */
    int id(int item) {
        if (2 * (distinct + 1) > intKeys.length) {
            growIds();
        }
        int mask = intKeys.length - 1;
        int slot = mix(item) & mask;
        while (intIds[slot] != 0) {
            if (intKeys[slot] == item) {
                return intIds[slot];
            }
            slot = (slot + 1) & mask;
        }
        intKeys[slot] = item;
        intIds[slot] = ++distinct;
        remember(slot);
        return distinct;
    }

    /** The id of a token. Ints and strings share the numbering: use one kind per reset. */
    int id(String item) {
        if (2 * (distinct + 1) > stringKeys.length) {
            growIds();
        }
        int mask = stringKeys.length - 1;
        int slot = mix(item.hashCode()) & mask;
        while (stringIds[slot] != 0) {
            if (stringKeys[slot].equals(item)) {
                return stringIds[slot];
            }
            slot = (slot + 1) & mask;
        }
        stringKeys[slot] = item;
        stringIds[slot] = ++distinct;
        remember(slot);
        return distinct;
    }

    /**
     * The id of the token in {@code chars[start, start + length)}, without making a string unless it
     * is new. @param hash the token's String.hashCode (the caller computes it while reading)
     */
    int id(char[] chars, int start, int length, int hash) {
        if (2 * (distinct + 1) > stringKeys.length) {
            growIds();
        }
        int mask = stringKeys.length - 1;
        int slot = mix(hash) & mask;
        while (stringIds[slot] != 0) {
            if (same(stringKeys[slot], chars, start, length)) {
                return stringIds[slot];
            }
            slot = (slot + 1) & mask;
        }
        // String.hashCode is the same polynomial, so growing the table places it where this found it
        stringKeys[slot] = new String(chars, start, length);
        stringIds[slot] = ++distinct;
        remember(slot);
        return distinct;
    }

    private static boolean same(String key, char[] chars, int start, int length) {
        if (key.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (key.charAt(i) != chars[start + i]) {
                return false;
            }
        }
        return true;
    }

    private void remember(int slot) {
        if (used == usedSlots.length) {
            usedSlots = Arrays.copyOf(usedSlots, used * 2);
        }
        usedSlots[used++] = slot;
    }

    /** Doubles the id tables, re-placing what they hold. */
    private void growIds() {
        int[] oldIntKeys = intKeys;
        int[] oldIntIds = intIds;
        String[] oldStringKeys = stringKeys;
        int[] oldStringIds = stringIds;
        int[] oldUsed = Arrays.copyOf(usedSlots, used);
        int size = intKeys.length * 2;
        intKeys = new int[size];
        intIds = new int[size];
        stringKeys = new String[size];
        stringIds = new int[size];
        used = 0;
        for (int old : oldUsed) {
            int slot;
            if (oldIntIds[old] != 0) {
                slot = mix(oldIntKeys[old]) & (size - 1);
                while (intIds[slot] != 0) {
                    slot = (slot + 1) & (size - 1);
                }
                intKeys[slot] = oldIntKeys[old];
                intIds[slot] = oldIntIds[old];
            } else {
                slot = mix(oldStringKeys[old].hashCode()) & (size - 1);
                while (stringIds[slot] != 0) {
                    slot = (slot + 1) & (size - 1);
                }
                stringKeys[slot] = oldStringKeys[old];
                stringIds[slot] = oldStringIds[old];
            }
            remember(slot);
        }
    }

    private char[] text = new char[256];

    /** A scratch buffer of at least {@code length} chars. */
    char[] chars(int length) {
        if (text.length < length) {
            text = new char[Math.max(length, text.length * 2)];
        }
        return text;
    }

    // ---- counts of packed n-gram keys ----

    /** per slot: 0 = never used (ends a probe chain), else 1 + the occurrences left */
    private long[] countKeys = new long[256];
    private int[] counts = new int[256];
    private int[] countSlots = new int[256];
    private int countUsed;

    /** Empties the count table and makes room for {@code expected} distinct keys. */
    void resetCounts(int expected) {
        if (2 * expected > countKeys.length) {
            int size = Integer.highestOneBit(Math.max(2 * expected, 1) * 2 - 1);
            countKeys = new long[size];
            counts = new int[size];
            countSlots = new int[size];
            countUsed = 0;
            return;
        }
        for (int i = 0; i < countUsed; i++) {
            counts[countSlots[i]] = 0;
        }
        countUsed = 0;
    }

    /** Counts one occurrence of a key. */
    void add(long key) {
        int mask = countKeys.length - 1;
        int slot = mix(key) & mask;
        while (counts[slot] != 0) {
            if (countKeys[slot] == key) {
                counts[slot]++;
                return;
            }
            slot = (slot + 1) & mask;
        }
        countKeys[slot] = key;
        counts[slot] = 2;
        countSlots[countUsed++] = slot;
    }

    /** Takes one occurrence if any is left: the clipped match of one n-gram of the other text. */
    boolean take(long key) {
        int mask = countKeys.length - 1;
        int slot = mix(key) & mask;
        while (counts[slot] != 0) {
            if (countKeys[slot] == key) {
                if (counts[slot] > 1) {
                    counts[slot]--;
                    return true;
                }
                return false;
            }
            slot = (slot + 1) & mask;
        }
        return false;
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
