package io.fmp.inference.heads;

import io.fmp.inference.encoders.SentenceEncoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Zero-shot classification with a sentence encoder: each label is described in words (by default
 * its identifier with underscores as spaces, e.g. "card arrival"), and an input gets the label whose
 * description embedding is closest (cosine). No training; the baseline a tuned head must beat.
 */
public final class ZeroShotClassifier implements EmbeddingClassifier {

    private final SentenceEncoder encoder;
    private final List<String> labels;
    private final List<String> descriptions;
    private final List<float[]> labelVectors;

    /** @param descriptions one per label, same order */
    public ZeroShotClassifier(SentenceEncoder encoder, List<String> labels, List<String> descriptions) {
        if (labels.size() != descriptions.size() || labels.isEmpty()) {
            throw new IllegalArgumentException("need one description per label, and at least one label");
        }
        this.encoder = encoder;
        this.labels = List.copyOf(labels);
        this.descriptions = List.copyOf(descriptions);
        this.labelVectors = encoder.encode(descriptions);
    }

    public static ZeroShotClassifier fromLabelNames(SentenceEncoder encoder, List<String> labels) {
        return new ZeroShotClassifier(encoder, labels,
                labels.stream().map(l -> l.replace('_', ' ').replace('-', ' ').toLowerCase(Locale.ROOT)).toList());
    }

    /** Every label with its description, one per line: what decides the answers besides the encoder. */
    public String definition() {
        StringBuilder described = new StringBuilder("zero-shot");
        for (int i = 0; i < labels.size(); i++) {
            described.append('\n').append(labels.get(i)).append('\t').append(descriptions.get(i));
        }
        return described.toString();
    }

    /** The best label per input, with its cosine similarity. */
    public record Prediction(String label, double similarity) {
    }

    public List<Prediction> classify(List<String> inputs) {
        List<Prediction> predictions = new ArrayList<>(inputs.size());
        for (float[] vector : encoder.encode(inputs)) {
            int best = best(vector);
            predictions.add(new Prediction(labels.get(best), dot(vector, labelVectors.get(best))));
        }
        return predictions;
    }

    @Override
    public String label(float[] embedding) {
        return labels.get(best(embedding));
    }

    private int best(float[] vector) {
        int best = 0;
        double bestSimilarity = Double.NEGATIVE_INFINITY;
        for (int l = 0; l < labelVectors.size(); l++) {
            double similarity = dot(vector, labelVectors.get(l));
            if (similarity > bestSimilarity) {
                bestSimilarity = similarity;
                best = l;
            }
        }
        return best;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
