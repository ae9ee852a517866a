package io.fmp.bench;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.fmp.eval.datasets.Banking77;
import io.fmp.eval.datasets.DatasetExample;
import io.fmp.inference.encoders.OnnxEncoder;
import io.fmp.inference.encoders.SentenceEncoder;

import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Encoder throughput side by side in one run, on the same model (all-MiniLM-L6-v2), texts
 * (Banking77 training queries), batch sizes and ONNX Runtime threads:
 * <ul>
 *   <li>the platform's encoder (model-runtime {@link OnnxEncoder}: tokenise once, batches of
 *   similar length, masked mean pooling, unit length);</li>
 *   <li>raw ONNX Runtime as its documentation shows it: the same tokenizer and session, batches in
 *   input order padded to their longest text, masked mean pooling;</li>
 *   <li>raw ONNX Runtime with the batches sorted by length (what the platform does, without it);</li>
 *   <li>langchain4j's embedding model on the same files (what the platform called before; it encodes
 *   the texts of a call one by one on its own pool, so batch size and threads are its own).</li>
 * </ul>
 * Every figure is the best of 3 passes over the texts after a warm-up pass. Cold start (copying the
 * model out of its artifact, creating the session, the first batch) is reported on its own.
 * Usage: deploy/bench/encoder.sh [sentences, default 2048]
 */
public class EncoderBench {

    private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();
    private static final String MODEL = "all-minilm-l6-v2.onnx";
    private static final String TOKENIZER = "all-minilm-l6-v2-tokenizer.json";

    public static void main(String[] args) throws Exception {
        int sentences = args.length > 0 ? Integer.parseInt(args[0]) : 2048;
        List<String> texts = Banking77.load().train().stream().map(DatasetExample::input).limit(sentences).toList();
        int cores = Runtime.getRuntime().availableProcessors();

        long coldStart = System.nanoTime();
        SentenceEncoder.ALL_MINILM_L6_V2.encode(texts.subList(0, 1));
        System.out.printf("cold start of the platform's encoder (model out of its jar, session, first text): %.2f s%n",
                (System.nanoTime() - coldStart) / 1e9);

        Path model = Files.createTempFile("encoder-bench-", ".onnx");
        try (InputStream in = EncoderBench.class.getClassLoader().getResourceAsStream(MODEL)) {
            Files.copy(in, model, StandardCopyOption.REPLACE_EXISTING);
        }
        HuggingFaceTokenizer tokenizer;
        try (InputStream in = EncoderBench.class.getClassLoader().getResourceAsStream(TOKENIZER)) {
            tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of("padding", "false"));
        }
        OnnxEncoder.Model platformModel = new OnnxEncoder.Model(MODEL, TOKENIZER,
                io.fmp.inference.encoders.Pooling.MEAN, 256, 384);

        System.out.printf("%n%d Banking77 training queries, all-MiniLM-L6-v2, %d cores; sentences/s, best of 3%n%n",
                texts.size(), cores);
        System.out.println("| threads | batch | platform | raw ORT, input order | raw ORT, sorted by length"
                + " | platform / raw input order | platform / raw sorted |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int threads : new int[]{1, cores}) {
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(threads);
                try (OrtSession session = ENVIRONMENT.createSession(model.toString(), options)) {
                    for (int batch : new int[]{1, 16, 32, 64, 128}) {
                        try (OnnxEncoder platform = OnnxEncoder.load(platformModel, new OnnxEncoder.Options(threads, batch))) {
                            double ours = rate(texts, () -> platform.encode(texts));
                            double rawInOrder = rate(texts, () -> raw(session, tokenizer, texts, batch, false));
                            double rawSorted = rate(texts, () -> raw(session, tokenizer, texts, batch, true));
                            System.out.printf("| %d | %d | %.0f | %.0f | %.0f | %.0f %% | %.0f %% |%n", threads, batch,
                                    ours, rawInOrder, rawSorted, 100 * ours / rawInOrder, 100 * ours / rawSorted);
                        }
                    }
                }
            }
        }
        AllMiniLmL6V2EmbeddingModel langchain4j = new AllMiniLmL6V2EmbeddingModel();
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        System.out.printf("%nlangchain4j AllMiniLmL6V2EmbeddingModel.embedAll (its own pool of %d threads): %.0f sentences/s%n",
                cores, rate(texts, () -> langchain4j.embedAll(segments)));
        Files.deleteIfExists(model);
    }

    private static double rate(List<String> texts, Runnable pass) {
        pass.run();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            pass.run();
            best = Math.min(best, System.nanoTime() - start);
        }
        return texts.size() / (best / 1e9);
    }

    /** ONNX Runtime used directly: tokenise, pad each batch to its longest text, run, masked mean, unit length. */
    private static List<float[]> raw(OrtSession session, HuggingFaceTokenizer tokenizer, List<String> texts, int batch,
                                     boolean sortByLength) {
        Encoding[] encodings = new Encoding[texts.size()];
        for (int i = 0; i < encodings.length; i++) {
            encodings[i] = tokenizer.encode(texts.get(i));
        }
        Integer[] order = new Integer[texts.size()];
        Arrays.setAll(order, i -> i);
        if (sortByLength) {
            Arrays.sort(order, Comparator.comparingInt(i -> encodings[i].getIds().length));
        }
        float[][] vectors = new float[texts.size()][];
        try {
            for (int from = 0; from < order.length; from += batch) {
                int rows = Math.min(batch, order.length - from);
                int width = 0;
                for (int r = 0; r < rows; r++) {
                    width = Math.max(width, encodings[order[from + r]].getIds().length);
                }
                long[] ids = new long[rows * width];
                long[] mask = new long[rows * width];
                for (int r = 0; r < rows; r++) {
                    long[] row = encodings[order[from + r]].getIds();
                    System.arraycopy(row, 0, ids, r * width, row.length);
                    Arrays.fill(mask, r * width, r * width + row.length, 1L);
                }
                long[] shape = {rows, width};
                try (OnnxTensor idTensor = OnnxTensor.createTensor(ENVIRONMENT, LongBuffer.wrap(ids), shape);
                     OnnxTensor maskTensor = OnnxTensor.createTensor(ENVIRONMENT, LongBuffer.wrap(mask), shape);
                     OnnxTensor typeTensor = OnnxTensor.createTensor(ENVIRONMENT, LongBuffer.wrap(new long[rows * width]), shape);
                     OrtSession.Result result = session.run(Map.of("input_ids", idTensor, "attention_mask", maskTensor,
                             "token_type_ids", typeTensor))) {
                    FloatBuffer states = ((OnnxTensor) result.get(0)).getFloatBuffer();
                    for (int r = 0; r < rows; r++) {
                        int length = encodings[order[from + r]].getIds().length;
                        float[] vector = new float[384];
                        for (int t = 0; t < length; t++) {
                            for (int d = 0; d < 384; d++) {
                                vector[d] += states.get((r * width + t) * 384 + d);
                            }
                        }
                        // the mean's length cancels in the unit vector: divide by the norm of the sum
                        double norm = 0;
                        for (float v : vector) {
                            norm += v * v;
                        }
                        norm = Math.sqrt(norm);
                        for (int d = 0; d < 384; d++) {
                            vector[d] = (float) (vector[d] / norm);
                        }
                        vectors[order[from + r]] = vector;
                    }
                }
            }
        } catch (ai.onnxruntime.OrtException e) {
            throw new IllegalStateException(e);
        }
        return new ArrayList<>(Arrays.asList(vectors));
    }
}
