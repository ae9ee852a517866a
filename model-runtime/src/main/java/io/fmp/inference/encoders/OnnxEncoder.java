package io.fmp.inference.encoders;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A BERT-style sentence encoder on ONNX Runtime. Texts are tokenised once, ordered by length and
 * encoded in batches of similar length, so little work goes into padding (a batch in input order
 * pads every text to the longest and measured less than half the throughput); the attention
 * mask keeps padding out, so a text's embedding is the same alone or in any batch (tested to the
 * bit). One batch runs at a time on ONNX Runtime's own threads: two concurrent runs on the same
 * cores measured slower.
 */
public final class OnnxEncoder implements AutoCloseable {

    /** What to load: resources of the classpath, and how to pool. */
    public record Model(String modelResource, String tokenizerResource, Pooling pooling, int maxTokens,
                        int dimensions) {
    }

    /**
     * @param threads  ONNX Runtime's intra-op threads
     * @param maxBatch texts per run
     */
    public record Options(int threads, int maxBatch) {
        public static final Options DEFAULT = new Options(Runtime.getRuntime().availableProcessors(), 64);
    }

    private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();
    private static final int MIN_ROWS = 16;
    private static final double PADDING_SLACK = 0.15;

    private final Model model;
    private final Options options;
    private final OrtSession session;
    private final boolean takesTokenTypes;
    private final WordPieceTokenizer tokenizer;
    private final ReentrantLock running = new ReentrantLock(true);

    private OnnxEncoder(Model model, Options options, OrtSession session, WordPieceTokenizer tokenizer) {
        this.model = model;
        this.options = options;
        this.session = session;
        this.takesTokenTypes = session.getInputNames().contains("token_type_ids");
        this.tokenizer = tokenizer;
    }

    public static OnnxEncoder load(Model model, Options options) {
        Path file = ModelFiles.materialise(model.modelResource());
        try (InputStream tokenizerJson = ModelFiles.open(model.tokenizerResource());
             OrtSession.SessionOptions sessionOptions = new OrtSession.SessionOptions()) {
            sessionOptions.setIntraOpNumThreads(options.threads());
            OrtSession session = ENVIRONMENT.createSession(file.toString(), sessionOptions);
            return new OnnxEncoder(model, options, session, WordPieceTokenizer.read(tokenizerJson, model.maxTokens()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + model.tokenizerResource(), e);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load " + model.modelResource() + ": " + e.getMessage(), e);
        }
    }

    public int tokens(String text) {
        return tokenizer.encode(text).length;
    }

    /** Unit-length embeddings in input order, and the tokens the model read (for metering, without tokenizing twice). */
    public record Encoded(List<float[]> vectors, long tokens) {
    }

    /** Unit-length embeddings in input order. */
    public List<float[]> encode(List<String> texts) {
        return encodeCounted(texts).vectors();
    }

    /** The same, with the tokens counted from the same tokenization. */
    public Encoded encodeCounted(List<String> texts) {
        long[][] ids = new long[texts.size()][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = tokenizer.encode(texts.get(i));
        }
        Integer[] byLength = new Integer[ids.length];
        Arrays.setAll(byLength, i -> i);
        Arrays.sort(byLength, Comparator.comparingInt(i -> ids[i].length));
        float[][] vectors = new float[ids.length][];
        int from = 0;
        while (from < byLength.length) {
            int to = batchEnd(ids, byLength, from);
            int[] batch = new int[to - from];
            for (int k = 0; k < batch.length; k++) {
                batch[k] = byLength[from + k];
            }
            float[][] pooled = run(ids, batch);
            for (int k = 0; k < batch.length; k++) {
                vectors[batch[k]] = pooled[k];
            }
            from = to;
        }
        long tokens = 0;
        for (long[] text : ids) {
            tokens += text.length;
        }
        return new Encoded(Arrays.asList(vectors), tokens);
    }

    /**
     * Where the batch that starts at {@code from} (in length order) ends: at most {@code maxBatch}
     * texts; after {@link #MIN_ROWS} texts, it also ends before a text that would make the padding more
     * than {@link #PADDING_SLACK} of the real tokens (a batch costs about as much as its padded size,
     * and a run has a fixed cost, so a few short batches beat one half-empty wide one).
     */
    private int batchEnd(long[][] ids, Integer[] byLength, int from) {
        long tokens = 0;
        int end = from;
        while (end < byLength.length && end - from < options.maxBatch()) {
            int length = ids[byLength[end]].length;
            long padded = (long) length * (end - from + 1);
            if (end - from >= MIN_ROWS && padded > (tokens + length) * (1 + PADDING_SLACK)) {
                break;
            }
            tokens += length;
            end++;
        }
        return end;
    }

    private float[][] run(long[][] ids, int[] batch) {
        int rows = batch.length;
        int width = 0;
        for (int i : batch) {
            width = Math.max(width, ids[i].length);
        }
        LongBuffer tokens = direct(rows * width);
        LongBuffer mask = direct(rows * width);
        for (int r = 0; r < rows; r++) {
            long[] row = ids[batch[r]];
            tokens.put(r * width, row);
            for (int j = 0; j < row.length; j++) {
                mask.put(r * width + j, 1L);
            }
        }
        long[] shape = {rows, width};
        running.lock();
        try (OnnxTensor tokenTensor = OnnxTensor.createTensor(ENVIRONMENT, tokens, shape);
             OnnxTensor maskTensor = OnnxTensor.createTensor(ENVIRONMENT, mask, shape);
             OnnxTensor typeTensor = OnnxTensor.createTensor(ENVIRONMENT, direct(rows * width), shape)) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put("input_ids", tokenTensor);
            inputs.put("attention_mask", maskTensor);
            if (takesTokenTypes) {
                inputs.put("token_type_ids", typeTensor);
            }
            try (OrtSession.Result result = session.run(inputs)) {
                FloatBuffer states = ((OnnxTensor) result.get(0)).getFloatBuffer();
                float[][] pooled = new float[rows][];
                for (int r = 0; r < rows; r++) {
                    pooled[r] = unit(pool(states, r, width, ids[batch[r]].length));
                }
                return pooled;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on " + model.modelResource() + ": " + e.getMessage(), e);
        } finally {
            running.unlock();
        }
    }

    /** The row's sentence vector from its token states [width][dimensions], of which {@code length} are real. */
    private float[] pool(FloatBuffer states, int row, int width, int length) {
        int dims = model.dimensions();
        float[] vector = new float[dims];
        int base = row * width * dims;
        if (model.pooling() == Pooling.CLS) {
            states.get(base, vector);
            return vector;
        }
        float[] token = new float[dims];
        for (int t = 0; t < length; t++) {
            states.get(base + t * dims, token);
            for (int d = 0; d < dims; d++) {
                vector[d] += token[d];
            }
        }
        for (int d = 0; d < dims; d++) {
            vector[d] /= length;
        }
        return vector;
    }

    /** The vector scaled to length 1 (a zero vector stays zero). */
    static float[] unit(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            sum += v * v;
        }
        double norm = sum == 0 ? 1 : Math.sqrt(sum);
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = (float) (vector[i] / norm);
        }
        return unit;
    }

    private static LongBuffer direct(int longs) {
        return ByteBuffer.allocateDirect(longs * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
