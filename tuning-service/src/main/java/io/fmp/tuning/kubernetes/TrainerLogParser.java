package io.fmp.tuning.kubernetes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Hugging Face Trainer's log as it grows: the metric dictionaries it prints
 * ({@code {'loss': 1.23, 'learning_rate': 2e-05, 'epoch': 0.5}}, the {@code eval_*} ones after each
 * evaluation, the final {@code train_runtime} one; values also as {@code np.float64(...)},
 * {@code tensor(...)} or quoted) and its tqdm progress bar ({@code 40/200 [00:20<01:20, 2.00it/s]})
 * for step, total steps and ETA. Bars with a description ({@code Map: ...}, {@code Loading checkpoint
 * shards: ...}) are not the training bar; of the bars without one, the first is (training starts
 * before the first evaluation) and later bars of another length are evaluation loops. Feed it chunks
 * of text in order; partial lines wait for the rest.
 */
public final class TrainerLogParser {

    /** What a log line said: a metrics dictionary (with the step it was logged at) or the bar's position. */
    public sealed interface Entry permits Metrics, Position {
    }

    /** @param step the bar's step when it was logged (0 when no bar was seen) */
    public record Metrics(Map<String, Double> values, double epoch, long step) implements Entry {

        public boolean evaluation() {
            return values.containsKey("eval_loss");
        }

        public boolean summary() {
            return values.containsKey("train_runtime");
        }
    }

    /** @param etaSeconds -1 when the bar shows none */
    public record Position(long step, long steps, double etaSeconds) implements Entry {
    }

    private static final Pattern DICT = Pattern.compile("\\{\\s*'[A-Za-z_][A-Za-z0-9_/.]*'\\s*:.*}");
    private static final Pattern PAIR = Pattern.compile(
            "'([A-Za-z_][A-Za-z0-9_/.]*)'\\s*:\\s*(?:np\\.float\\d*\\(|tensor\\()?'?([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?|nan|inf)'?\\)?");
    private static final Pattern BAR = Pattern.compile("^\\s*\\d+%\\|[^|]*\\|\\s*(\\d+)/(\\d+) \\[([0-9:]+)<([0-9:?]+)");

    private final StringBuilder pending = new StringBuilder();
    private long step;
    private long trainingSteps;

    /** The entries of the complete lines in {@code chunk} (and of the partial line before it). */
    public List<Entry> feed(String chunk) {
        pending.append(chunk);
        List<Entry> entries = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < pending.length(); i++) {
            char c = pending.charAt(i);
            // tqdm redraws its bar with carriage returns: each redraw is a line of its own
            if (c == '\n' || c == '\r') {
                line(pending.substring(start, i), entries);
                start = i + 1;
            }
        }
        pending.delete(0, start);
        return entries;
    }

    /** The entries of whatever is left once the log is complete. */
    public List<Entry> finish() {
        List<Entry> entries = new ArrayList<>();
        if (!pending.isEmpty()) {
            line(pending.toString(), entries);
            pending.setLength(0);
        }
        return entries;
    }

    private void line(String line, List<Entry> entries) {
        Matcher bar = BAR.matcher(line);
        if (bar.find()) {
            long total = Long.parseLong(bar.group(2));
            trainingSteps = trainingSteps == 0 ? total : trainingSteps;
            if (total == trainingSteps) {
                step = Long.parseLong(bar.group(1));
                entries.add(new Position(step, total, seconds(bar.group(4))));
            }
        }
        Matcher dict = DICT.matcher(line);
        if (!dict.find()) {
            return;
        }
        Map<String, Double> values = new LinkedHashMap<>();
        Matcher pair = PAIR.matcher(dict.group());
        while (pair.find()) {
            values.put(pair.group(1), Double.parseDouble(pair.group(2).replace("inf", "Infinity").replace("nan", "NaN")));
        }
        if (values.isEmpty()) {
            return;
        }
        Double epoch = values.remove("epoch");
        entries.add(new Metrics(values, epoch == null ? 0 : epoch, step));
    }

    /** tqdm's [HH:]MM:SS; -1 for "?". */
    static double seconds(String clock) {
        if (clock.contains("?")) {
            return -1;
        }
        double total = 0;
        for (String part : clock.split(":")) {
            total = total * 60 + Integer.parseInt(part);
        }
        return total;
    }
}
