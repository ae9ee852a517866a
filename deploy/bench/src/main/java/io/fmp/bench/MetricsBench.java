package io.fmp.bench;

import io.fmp.metrics.Bleu;
import io.fmp.metrics.Chrf;
import io.fmp.metrics.Rouge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Metric throughput of the platform's metrics library: corpus BLEU, corpus chrF and ROUGE
 * (rouge1 + rouge2 + rougeL per pair) on a hypothesis file and one reference file, one thread and
 * all cores, best of 3 after a warm-up. Prints the scores too, so a side-by-side run can check that
 * the numbers are identical. Usage: deploy/bench/run.sh MetricsBench HYP REF
 */
public class MetricsBench {

    public static void main(String[] args) throws Exception {
        List<String> hyp = Files.readAllLines(Path.of(args[0]));
        List<String> ref = Files.readAllLines(Path.of(args[1]));
        int n = hyp.size();
        Bleu bleu = Bleu.corpusDefaults();
        Chrf chrf = Chrf.chrf();
        Rouge rouge = Rouge.withoutStemmer();
        List<String> types = List.of("rouge1", "rouge2", "rougeL");

        Supplier<Double> bleuSerial = () -> bleu.corpusScore(hyp, List.of(ref)).score();
        Supplier<Double> bleuParallel = () -> bleu.fromStatistics(IntStream.range(0, n).parallel()
                .mapToObj(i -> bleu.segmentStatistics(hyp.get(i), List.of(ref.get(i))))
                .reduce(MetricsBench::add).orElseThrow()).score();
        Supplier<Double> chrfSerial = () -> chrf.corpusScore(hyp, List.of(ref));
        Supplier<Double> chrfParallel = () -> chrf.fScore(IntStream.range(0, n).parallel()
                .mapToObj(i -> chrf.segmentStatistics(hyp.get(i), List.of(ref.get(i))))
                .reduce(MetricsBench::add).orElseThrow());
        Supplier<Double> rougeSerial = () -> IntStream.range(0, n)
                .mapToDouble(i -> rouge.score(ref.get(i), hyp.get(i), types).get("rougeL").fmeasure()).sum() / n;
        Supplier<Double> rougeParallel = () -> IntStream.range(0, n).parallel()
                .mapToDouble(i -> rouge.score(ref.get(i), hyp.get(i), types).get("rougeL").fmeasure()).sum() / n;

        System.out.printf("segments %d, cores %d%n", n, Runtime.getRuntime().availableProcessors());
        report("java corpus BLEU, 1 thread", n, bleuSerial);
        report("java corpus BLEU, all cores", n, bleuParallel);
        report("java corpus chrF, 1 thread", n, chrfSerial);
        report("java corpus chrF, all cores", n, chrfParallel);
        report("java ROUGE 1/2/L per pair, 1 thread", n, rougeSerial);
        report("java ROUGE 1/2/L per pair, all cores", n, rougeParallel);
    }

    static long[] add(long[] a, long[] b) {
        long[] sum = new long[a.length];
        for (int k = 0; k < a.length; k++) {
            sum[k] = a[k] + b[k];
        }
        return sum;
    }

    static void report(String what, int n, Supplier<Double> run) {
        double score = run.get(); // warm-up, and the number to compare
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            run.get();
            best = Math.min(best, System.nanoTime() - start);
        }
        System.out.printf("%-40s %10.0f segments/s  score %.10f%n", what, n / (best / 1e9), score);
    }
}
