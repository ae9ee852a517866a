package io.fmp.eval.runners;

import io.fmp.inference.encoders.SentenceEncoder;
import io.fmp.inference.heads.EmbeddingClassifier;

import java.util.ArrayList;
import java.util.List;

/**
 * An embedded sentence encoder with a classifier on its embeddings (zero-shot label similarity or
 * a trained head): batches of inputs in, labels out, in this process, through the same encoder and
 * head code that training and serving use. ONNX Runtime already uses every core for one batch, so
 * batches run one at a time. Latency per example is the batch's time divided by its size.
 */
public final class EncoderAdapter implements ModelAdapter {

    private final SentenceEncoder encoder;
    private final EmbeddingClassifier classifier;
    private final String classifierDigest;
    private final int batchSize;

    /** @param classifierDigest what decides the labels besides the encoder (descriptions, head weights): part of cache keys */
    public EncoderAdapter(SentenceEncoder encoder, EmbeddingClassifier classifier, String classifierDigest,
                          int batchSize) {
        this.encoder = encoder;
        this.classifier = classifier;
        this.classifierDigest = classifierDigest;
        this.batchSize = batchSize;
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public int parallelism() {
        return 1;
    }

    @Override
    public boolean usesPromptTemplate() {
        return false;
    }

    @Override
    public String cacheScope() {
        return SentenceEncoder.ENDPOINT_PREFIX + encoder.id() + "|" + classifierDigest;
    }

    @Override
    public List<Answer> answer(List<String> prompts) {
        long started = System.nanoTime();
        List<float[]> vectors = encoder.encode(prompts);
        List<String> labels = new ArrayList<>(vectors.size());
        vectors.forEach(v -> labels.add(classifier.label(v)));
        double perExample = (System.nanoTime() - started) / 1e6 / Math.max(1, prompts.size());
        return labels.stream().map(label -> new Answer(label, perExample, 0, 0, null, null, null, null)).toList();
    }
}
