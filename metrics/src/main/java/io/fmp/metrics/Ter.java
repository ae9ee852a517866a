package io.fmp.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Translation edit rate exactly as sacreBLEU 2.x's default TER (tercom semantics): case-insensitive,
 * white-space tokens, greedy block shifts (at most 10 words, 50 positions, 1,000 candidates per
 * sentence) chosen by gain, length and position, then a beam-limited edit distance. Per segment the
 * reference with the fewest edits counts, over the average reference length.
 */
public final class Ter {

    private static final int MAX_SHIFT_SIZE = 10;
    private static final int MAX_SHIFT_DIST = 50;
    private static final int BEAM_WIDTH = 25;
    private static final int MAX_SHIFT_CANDIDATES = 1000;
    private static final long INFINITY = (long) 1e16;
    private static final char NOP = ' ';
    private static final char SUB = 's';
    private static final char INS = 'i';
    private static final char DEL = 'd';
    private static final char UNDEF = 'x';

    /** @param edits best number of edits; referenceLength average over the references */
    public record Statistics(double edits, double referenceLength) {
    }

    public Statistics segmentStatistics(String hypothesis, List<String> references) {
        List<String> hypothesisWords = PythonText.split(preprocess(hypothesis));
        double referenceLengths = 0;
        long best = INFINITY;
        for (String reference : references) {
            List<String> referenceWords = PythonText.split(preprocess(reference));
            long edits = translationEditRate(hypothesisWords, referenceWords);
            referenceLengths += referenceWords.size();
            best = Math.min(best, edits);
        }
        return new Statistics(best, referenceLengths / references.size());
    }

    /** 0 to 100 (or more: TER is not bounded by 100). */
    public double corpusScore(List<String> hypotheses, List<List<String>> references) {
        double edits = 0;
        double length = 0;
        for (int i = 0; i < hypotheses.size(); i++) {
            Statistics s = segmentStatistics(hypotheses.get(i), Bleu.referencesOf(references, i));
            edits += s.edits();
            length += s.referenceLength();
        }
        return score(edits, length);
    }

    public double sentenceScore(String hypothesis, List<String> references) {
        Statistics s = segmentStatistics(hypothesis, references);
        return score(s.edits(), s.referenceLength());
    }

    /** The score of (summed) statistics. */
    public static double score(double edits, double referenceLength) {
        if (referenceLength > 0) {
            return 100 * (edits / referenceLength);
        }
        return edits > 0 ? 100.0 : 0.0;
    }

    public String signature(String referenceCount) {
        return "nrefs:" + referenceCount + "|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:"
                + Bleu.SACREBLEU_VERSION;
    }

    private static String preprocess(String segment) {
        return PythonText.rstrip(segment).toLowerCase(Locale.ROOT);
    }

    /** Shifts plus edit distance after the shifts. */
    static long translationEditRate(List<String> hypothesis, List<String> reference) {
        if (reference.isEmpty()) {
            return hypothesis.size();
        }
        BeamEditDistance distance = new BeamEditDistance(reference);
        long shifts = 0;
        List<String> words = hypothesis;
        int[] checked = {0};
        while (true) {
            Shift shift = bestShift(words, reference, distance, checked);
            if (checked[0] >= MAX_SHIFT_CANDIDATES || shift == null || shift.gain() <= 0) {
                break;
            }
            shifts++;
            words = shift.words();
        }
        return shifts + distance.distance(words).cost();
    }

    private record Shift(long gain, int length, int startH, int target, List<String> words) {

        /** sacreBLEU compares (gain, length, -start, -target, words) as a tuple: larger wins. */
        boolean betterThan(Shift other) {
            if (gain != other.gain) {
                return gain > other.gain;
            }
            if (length != other.length) {
                return length > other.length;
            }
            if (startH != other.startH) {
                return startH < other.startH;
            }
            if (target != other.target) {
                return target < other.target;
            }
            return compareWords(words, other.words) > 0;
        }
    }

    private static Shift bestShift(List<String> words, List<String> reference, BeamEditDistance distance, int[] checked) {
        Alignment alignment = distance.distance(words);
        long before = alignment.cost();
        String trace = flip(alignment.trace());
        Map<Integer, Integer> align = new HashMap<>();
        List<Integer> referenceErrors = new ArrayList<>();
        List<Integer> hypothesisErrors = new ArrayList<>();
        int posH = -1;
        int posR = -1;
        for (char op : trace.toCharArray()) {
            switch (op) {
                case NOP, SUB -> {
                    posH++;
                    posR++;
                    align.put(posR, posH);
                    hypothesisErrors.add(op == SUB ? 1 : 0);
                    referenceErrors.add(op == SUB ? 1 : 0);
                }
                case INS -> {
                    posH++;
                    hypothesisErrors.add(1);
                }
                case DEL -> {
                    posR++;
                    align.put(posR, posH);
                    referenceErrors.add(1);
                }
                default -> throw new IllegalStateException("unknown operation " + op);
            }
        }
        Shift best = null;
        int hLength = words.size();
        int rLength = reference.size();
        search:
        for (int startH = 0; startH < hLength; startH++) {
            for (int startR = 0; startR < rLength; startR++) {
                if (Math.abs(startR - startH) > MAX_SHIFT_DIST) {
                    continue;
                }
                int length = 0;
                while (words.get(startH + length).equals(reference.get(startR + length)) && length < MAX_SHIFT_SIZE) {
                    length++;
                    best = consider(words, startH, startR, length, align, referenceErrors, hypothesisErrors, distance,
                            before, best, checked);
                    if (checked[0] >= MAX_SHIFT_CANDIDATES) {
                        break search;
                    }
                    if (hLength == startH + length || rLength == startR + length) {
                        break;
                    }
                }
            }
        }
        return best;
    }

    private static Shift consider(List<String> words, int startH, int startR, int length, Map<Integer, Integer> align,
                                  List<Integer> referenceErrors, List<Integer> hypothesisErrors,
                                  BeamEditDistance distance, long before, Shift best, int[] checked) {
        if (sum(hypothesisErrors, startH, length) == 0 || sum(referenceErrors, startR, length) == 0) {
            return best;
        }
        Integer alignedStart = align.get(startR);
        if (alignedStart != null && startH <= alignedStart && alignedStart < startH + length) {
            return best;
        }
        int previous = -1;
        for (int offset = -1; offset < length; offset++) {
            int target;
            if (startR + offset == -1) {
                target = 0;
            } else if (align.containsKey(startR + offset)) {
                target = align.get(startR + offset) + 1;
            } else {
                break;
            }
            if (target == previous) {
                continue;
            }
            previous = target;
            List<String> shifted = shift(words, startH, length, target);
            Shift candidate = new Shift(before - distance.distance(shifted).cost(), length, startH, target, shifted);
            checked[0]++;
            if (best == null || candidate.betterThan(best)) {
                best = candidate;
            }
        }
        return best;
    }

    private static int sum(List<Integer> errors, int from, int length) {
        int sum = 0;
        for (int i = from; i < Math.min(errors.size(), from + length); i++) {
            sum += errors.get(i);
        }
        return sum;
    }

    private static List<String> shift(List<String> words, int start, int length, int target) {
        List<String> shifted = new ArrayList<>(words.size());
        if (target < start) {
            shifted.addAll(words.subList(0, target));
            shifted.addAll(words.subList(start, start + length));
            shifted.addAll(words.subList(target, start));
            shifted.addAll(words.subList(start + length, words.size()));
        } else if (target > start + length) {
            shifted.addAll(words.subList(0, start));
            shifted.addAll(words.subList(start + length, target));
            shifted.addAll(words.subList(start, start + length));
            shifted.addAll(words.subList(target, words.size()));
        } else {
            shifted.addAll(words.subList(0, start));
            shifted.addAll(words.subList(start + length, length + target));
            shifted.addAll(words.subList(start, start + length));
            shifted.addAll(words.subList(length + target, words.size()));
        }
        return shifted;
    }

    private static String flip(String trace) {
        StringBuilder flipped = new StringBuilder(trace.length());
        for (char op : trace.toCharArray()) {
            flipped.append(op == INS ? DEL : op == DEL ? INS : op);
        }
        return flipped.toString();
    }

    /** Python list comparison of strings, by code point. */
    private static int compareWords(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = compareCodePoints(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private record Alignment(long cost, String trace) {
    }

    /** sacreBLEU's BeamEditDistance without its prefix cache (which only saves time). */
    private static final class BeamEditDistance {
        private final List<String> reference;

        BeamEditDistance(List<String> reference) {
            this.reference = reference;
        }

        Alignment distance(List<String> words) {
            int n = words.size();
            int m = reference.size();
            long[][] cost = new long[n + 1][m + 1];
            char[][] op = new char[n + 1][m + 1];
            for (int j = 0; j <= m; j++) {
                cost[0][j] = j;
                op[0][j] = INS;
            }
            for (int i = 1; i <= n; i++) {
                java.util.Arrays.fill(cost[i], INFINITY);
                java.util.Arrays.fill(op[i], UNDEF);
            }
            double lengthRatio = n > 0 ? (double) m / n : 1;
            int beam = BEAM_WIDTH < lengthRatio / 2 ? (int) Math.ceil(lengthRatio / 2 + BEAM_WIDTH) : BEAM_WIDTH;
            for (int i = 1; i <= n; i++) {
                int diagonal = (int) Math.floor(i * lengthRatio);
                int minJ = Math.max(0, diagonal - beam);
                int maxJ = i == n ? m + 1 : Math.min(m + 1, diagonal + beam);
                for (int j = minJ; j < maxJ; j++) {
                    if (j == 0) {
                        cost[i][0] = cost[i - 1][0] + 1;
                        op[i][0] = DEL;
                        continue;
                    }
                    boolean same = words.get(i - 1).equals(reference.get(j - 1));
                    long[] costs = {cost[i - 1][j - 1] + (same ? 0 : 1), cost[i - 1][j] + 1, cost[i][j - 1] + 1};
                    char[] ops = {same ? NOP : SUB, DEL, INS};
                    for (int k = 0; k < 3; k++) {
                        if (cost[i][j] > costs[k]) {
                            cost[i][j] = costs[k];
                            op[i][j] = ops[k];
                        }
                    }
                }
            }
            StringBuilder trace = new StringBuilder();
            int i = n;
            int j = m;
            while (i > 0 || j > 0) {
                char o = op[i][j];
                trace.append(o);
                switch (o) {
                    case SUB, NOP -> {
                        i--;
                        j--;
                    }
                    case INS -> j--;
                    case DEL -> i--;
                    default -> throw new IllegalStateException("unknown operation " + o);
                }
            }
            return new Alignment(cost[n][m], trace.reverse().toString());
        }
    }
}
