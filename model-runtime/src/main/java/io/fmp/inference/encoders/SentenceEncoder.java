package io.fmp.inference.encoders;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The sentence encoders the platform runs in-process: ONNX models shipped inside Maven artifacts
 * (nothing is downloaded at run time), named in catalog endpoints as {@code embedded:<name>}.
 * Training (tuning-service), evaluation (eval-service) and serving all encode through this class,
 * so a head sees the same embedding wherever it runs. A model loads on first use and is shared;
 * encoding is thread-safe.
 */
public enum SentenceEncoder {

    /** sentence-transformers/all-MiniLM-L6-v2: mean pooling, inputs cut at 256 word pieces as its library does. */
    ALL_MINILM_L6_V2("all-minilm-l6-v2", 384, Pooling.MEAN, 256, "all-minilm-l6-v2.onnx",
            "all-minilm-l6-v2-tokenizer.json"),
    /** BAAI/bge-small-en-v1.5: the [CLS] token's state, inputs cut at 512 word pieces. */
    BGE_SMALL_EN_V15("bge-small-en-v15", 384, Pooling.CLS, 512, "bge-small-en-v1.5.onnx",
            "bge-small-en-v1.5-tokenizer.json");

    public static final String ENDPOINT_PREFIX = "embedded:";

    private final String id;
    private final int dimensions;
    private final OnnxEncoder.Model model;
    private volatile OnnxEncoder loaded;

    SentenceEncoder(String id, int dimensions, Pooling pooling, int maxTokens, String modelResource,
                    String tokenizerResource) {
        this.id = id;
        this.dimensions = dimensions;
        this.model = new OnnxEncoder.Model(modelResource, tokenizerResource, pooling, maxTokens, dimensions);
    }

    /** The name catalog endpoints use after {@code embedded:}. */
    public String id() {
        return id;
    }

    public int dimensions() {
        return dimensions;
    }

    /** The encoder an {@code embedded:<name>} endpoint URL (or a bare name) names, if any. */
    public static Optional<SentenceEncoder> ofEndpoint(String url) {
        String name = url.startsWith(ENDPOINT_PREFIX) ? url.substring(ENDPOINT_PREFIX.length()) : url;
        String lower = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(e -> e.id.equals(lower)).findFirst();
    }

    /** As {@link #ofEndpoint}, for callers that cannot go on without one. */
    public static SentenceEncoder require(String url) {
        return ofEndpoint(url).orElseThrow(() -> new IllegalArgumentException("no embedded encoder '" + url
                + "'; available: " + Arrays.stream(values()).map(SentenceEncoder::id).toList()));
    }

    /**
     * Unit-length embeddings, in input order. A text's embedding does not depend on the other texts
     * of the call (batches are formed of texts of similar length, and padding is masked out).
     */
    public List<float[]> encode(List<String> texts) {
        return encoder().encode(texts);
    }

    /** Embeddings and the tokens they were computed from, from one tokenization. */
    public OnnxEncoder.Encoded encodeCounted(List<String> texts) {
        return encoder().encodeCounted(texts);
    }

    /** Tokens of each text as the model sees them (special tokens included, after truncation). */
    public int tokens(String text) {
        return encoder().tokens(text);
    }

    private OnnxEncoder encoder() {
        OnnxEncoder current = loaded;
        if (current == null) {
            synchronized (this) {
                if (loaded == null) {
                    loaded = OnnxEncoder.load(model, OnnxEncoder.Options.DEFAULT);
                }
                current = loaded;
            }
        }
        return current;
    }
}
