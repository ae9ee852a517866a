package io.fmp.tuning.training;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15.BgeSmallEnV15EmbeddingModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The sentence encoders heads are trained on: the ONNX models eval-service serves, from the same
 * Maven artifacts (nothing downloaded), named as catalog endpoints name them
 * ({@code embedded:<name>}). Embeddings are unit length, as eval-service computes them, so a head
 * trained here sees what it will see there. A model loads on first use; encoding is thread-safe.
 */
public enum FrozenEncoder {

    ALL_MINILM_L6_V2("all-minilm-l6-v2", 384, AllMiniLmL6V2EmbeddingModel::new),
    BGE_SMALL_EN_V15("bge-small-en-v15", 384, BgeSmallEnV15EmbeddingModel::new);

    public final String name;
    public final int dimensions;
    private final Supplier<EmbeddingModel> loader;
    private volatile EmbeddingModel model;

    FrozenEncoder(String name, int dimensions, Supplier<EmbeddingModel> loader) {
        this.name = name;
        this.dimensions = dimensions;
        this.loader = loader;
    }

    /** The encoder an {@code embedded:<name>} endpoint URL names. */
    public static Optional<FrozenEncoder> ofEndpoint(String url) {
        String name = url.startsWith("embedded:") ? url.substring("embedded:".length()) : url;
        for (FrozenEncoder encoder : values()) {
            if (encoder.name.equals(name.toLowerCase(Locale.ROOT))) {
                return Optional.of(encoder);
            }
        }
        return Optional.empty();
    }

    /** Unit-length embeddings, in input order. */
    public List<float[]> encode(List<String> texts) {
        EmbeddingModel encoder = model();
        List<float[]> vectors = new ArrayList<>(texts.size());
        encoder.embedAll(texts.stream().map(TextSegment::from).toList()).content()
                .forEach(e -> vectors.add(unit(e.vector())));
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

    private static float[] unit(float[] vector) {
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
