package io.fmp.eval.encoders;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15.BgeSmallEnV15EmbeddingModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Sentence encoders the platform runs in-process: ONNX models shipped inside Maven artifacts
 * (nothing is downloaded at run time). The catalog names them in serving endpoints as
 * {@code embedded:<name>}. A model loads on first use and is shared; encoding is thread-safe.
 */
public enum EmbeddedEncoder {

    ALL_MINILM_L6_V2("all-minilm-l6-v2", 384, AllMiniLmL6V2EmbeddingModel::new),
    BGE_SMALL_EN_V15("bge-small-en-v15", 384, BgeSmallEnV15EmbeddingModel::new);

    public final String name;
    public final int dimensions;
    private final Supplier<EmbeddingModel> loader;
    private volatile EmbeddingModel model;

    EmbeddedEncoder(String name, int dimensions, Supplier<EmbeddingModel> loader) {
        this.name = name;
        this.dimensions = dimensions;
        this.loader = loader;
    }

    /** The encoder an {@code embedded:<name>} endpoint URL names. */
    public static EmbeddedEncoder ofEndpoint(String url) {
        String name = url.startsWith("embedded:") ? url.substring("embedded:".length()) : url;
        for (EmbeddedEncoder encoder : values()) {
            if (encoder.name.equals(name.toLowerCase(Locale.ROOT))) {
                return encoder;
            }
        }
        throw new IllegalArgumentException("no embedded encoder '" + name + "'; available: "
                + java.util.Arrays.stream(values()).map(e -> e.name).toList());
    }

    /** Unit-length embeddings, in input order, encoded in batches. */
    public List<float[]> encode(List<String> texts, int batchSize) {
        EmbeddingModel encoder = model();
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += batchSize) {
            List<TextSegment> batch = texts.subList(from, Math.min(texts.size(), from + batchSize)).stream()
                    .map(TextSegment::from).toList();
            encoder.embedAll(batch).content().forEach(e -> vectors.add(normalised(e.vector())));
        }
        return vectors;
    }

    private EmbeddingModel model() {
        EmbeddingModel loaded = model;
        if (loaded == null) {
            synchronized (this) {
                if (model == null) {
                    model = loader.get();
                }
                loaded = model;
            }
        }
        return loaded;
    }

    static float[] normalised(float[] vector) {
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = (float) (vector[i] / (norm == 0 ? 1 : norm));
        }
        return unit;
    }
}
