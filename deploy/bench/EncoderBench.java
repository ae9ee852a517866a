import io.fmp.eval.datasets.Banking77;
import io.fmp.eval.datasets.DatasetExample;
import io.fmp.eval.encoders.EmbeddedEncoder;

import java.util.List;

/**
 * Embedded-encoder throughput: sentences per second of all-MiniLM-L6-v2 (ONNX, in-process) over
 * the Banking77 training queries, for a sweep of batch sizes, best of 3 after a warm-up.
 * Usage: deploy/bench/encoder.sh [sentences, default 2048]
 */
public class EncoderBench {

    public static void main(String[] args) throws Exception {
        int sentences = args.length > 0 ? Integer.parseInt(args[0]) : 2048;
        List<String> texts = Banking77.load().train().stream().map(DatasetExample::input).limit(sentences).toList();
        EmbeddedEncoder encoder = EmbeddedEncoder.ALL_MINILM_L6_V2;
        encoder.encode(texts.subList(0, 256), 32);
        System.out.printf("| batch size | sentences/s (%d sentences, %d cores) |%n|---|---|%n", texts.size(),
                Runtime.getRuntime().availableProcessors());
        for (int batch : new int[]{1, 8, 32, 64, 128, 256}) {
            long best = Long.MAX_VALUE;
            for (int run = 0; run < 3; run++) {
                long start = System.nanoTime();
                encoder.encode(texts, batch);
                best = Math.min(best, System.nanoTime() - start);
            }
            System.out.printf("| %d | %.0f |%n", batch, texts.size() / (best / 1e9));
        }
    }
}
