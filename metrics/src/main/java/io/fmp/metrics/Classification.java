package io.fmp.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Accuracy, per-class and macro precision / recall / F1 and the confusion matrix of single-label
 * predictions. A class never predicted has precision 0, one never present recall 0 (scikit-learn's
 * zero_division=0); macro averages are over every label seen in either list.
 */
public final class Classification {

    public record PerClass(String label, double precision, double recall, double f1, long support) {
    }

    /** @param confusion confusion.get(expected).get(predicted) = count */
    public record Report(long examples, double accuracy, List<PerClass> perClass, double macroPrecision,
                         double macroRecall, double macroF1, Map<String, Map<String, Long>> confusion) {
    }

    private Classification() {
    }

    public static Report report(List<String> expected, List<String> predicted) {
        if (expected.size() != predicted.size()) {
            throw new IllegalArgumentException(expected.size() + " expected labels but " + predicted.size() + " predictions");
        }
        TreeSet<String> labels = new TreeSet<>(expected);
        labels.addAll(predicted);
        Map<String, Map<String, Long>> confusion = new TreeMap<>();
        for (String label : labels) {
            Map<String, Long> row = new TreeMap<>();
            labels.forEach(other -> row.put(other, 0L));
            confusion.put(label, row);
        }
        long correct = 0;
        for (int i = 0; i < expected.size(); i++) {
            confusion.get(expected.get(i)).merge(predicted.get(i), 1L, Long::sum);
            if (expected.get(i).equals(predicted.get(i))) {
                correct++;
            }
        }
        List<PerClass> perClass = new ArrayList<>();
        double precisionSum = 0;
        double recallSum = 0;
        double f1Sum = 0;
        for (String label : labels) {
            long truePositives = confusion.get(label).get(label);
            long support = confusion.get(label).values().stream().mapToLong(Long::longValue).sum();
            long predictedAs = confusion.values().stream().mapToLong(row -> row.get(label)).sum();
            double precision = predictedAs == 0 ? 0 : (double) truePositives / predictedAs;
            double recall = support == 0 ? 0 : (double) truePositives / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.add(new PerClass(label, precision, recall, f1, support));
            precisionSum += precision;
            recallSum += recall;
            f1Sum += f1;
        }
        int n = Math.max(labels.size(), 1);
        return new Report(expected.size(), expected.isEmpty() ? 0 : (double) correct / expected.size(), perClass,
                precisionSum / n, recallSum / n, f1Sum / n, confusion);
    }
}
