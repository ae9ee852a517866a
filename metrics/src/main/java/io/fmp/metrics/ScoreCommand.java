package io.fmp.metrics;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./fmp score}: scores a hypothesis file against reference files with the platform's metrics,
 * printing what sacreBLEU / rouge-score would. Plain Java with no dependencies, so the launcher runs
 * it straight from the compiled classes. Exit 0 on success, 2 on any usage or input error (one line
 * on stderr).
 */
public final class ScoreCommand {

    static final String USAGE = "usage: ./fmp score --metric bleu|chrf|chrf++|ter|rouge --hyp FILE --ref FILE [--ref FILE ...]"
            + " [--tokenize 13a|intl|char|none] [--lowercase] [--stem] [--segments] [--json]";

    /** A usage or input problem: reported on one line, exit code 2. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    private ScoreCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (List.of(args).contains("--help")) {
            out.println(USAGE);
            return 0;
        }
        try {
            out.print(score(args));
            return 0;
        } catch (UsageException e) {
            err.println("fmp score: " + e.getMessage());
            return 2;
        }
    }

    static String score(String[] args) throws UsageException {
        String metric = null;
        String hypFile = null;
        List<String> refFiles = new ArrayList<>();
        BleuTokenizer tokenizer = BleuTokenizer.THIRTEEN_A;
        boolean lowercase = false;
        boolean segments = false;
        boolean json = false;
        boolean stem = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--metric" -> metric = value(args, ++i, "--metric");
                case "--hyp" -> hypFile = value(args, ++i, "--hyp");
                case "--ref" -> refFiles.add(value(args, ++i, "--ref"));
                case "--tokenize" -> {
                    try {
                        tokenizer = BleuTokenizer.of(value(args, ++i, "--tokenize"));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(e.getMessage());
                    }
                }
                case "--lowercase" -> lowercase = true;
                case "--segments" -> segments = true;
                case "--json" -> json = true;
                case "--stem" -> stem = true;
                default -> throw new UsageException("unknown option '" + args[i] + "'; " + USAGE);
            }
        }
        if (metric == null || hypFile == null || refFiles.isEmpty()) {
            throw new UsageException("--metric, --hyp and at least one --ref are required; " + USAGE);
        }
        List<String> hypotheses = read(hypFile);
        List<List<String>> references = new ArrayList<>();
        for (String file : refFiles) {
            List<String> lines = read(file);
            if (lines.size() != hypotheses.size()) {
                throw new UsageException(file + " has " + lines.size() + " lines but " + hypFile + " has "
                        + hypotheses.size());
            }
            references.add(lines);
        }
        String nrefs = Integer.toString(references.size());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("metric", metric);
        List<Object> perSegment = new ArrayList<>();
        switch (metric) {
            case "bleu" -> {
                Bleu bleu = Bleu.corpusDefaults().with(tokenizer, lowercase);
                result.put("score", bleu.corpusScore(hypotheses, references).score());
                result.put("signature", bleu.signature(nrefs));
                Bleu sentence = Bleu.sentenceDefaults().with(tokenizer, lowercase);
                for (int i = 0; segments && i < hypotheses.size(); i++) {
                    perSegment.add(sentence.sentenceScore(hypotheses.get(i), Bleu.referencesOf(references, i)).score());
                }
            }
            case "chrf", "chrf++" -> {
                Chrf chrf = (metric.equals("chrf") ? Chrf.chrf() : Chrf.chrfPlusPlus()).withLowercase(lowercase);
                result.put("score", chrf.corpusScore(hypotheses, references));
                result.put("signature", chrf.signature(nrefs));
                for (int i = 0; segments && i < hypotheses.size(); i++) {
                    perSegment.add(chrf.sentenceScore(hypotheses.get(i), Bleu.referencesOf(references, i)));
                }
            }
            case "ter" -> {
                Ter ter = new Ter();
                result.put("score", ter.corpusScore(hypotheses, references));
                result.put("signature", ter.signature(nrefs));
                for (int i = 0; segments && i < hypotheses.size(); i++) {
                    perSegment.add(ter.sentenceScore(hypotheses.get(i), Bleu.referencesOf(references, i)));
                }
            }
            case "rouge" -> {
                Rouge rouge = stem ? Rouge.withStemmer() : Rouge.withoutStemmer();
                Map<String, double[]> sums = new LinkedHashMap<>();
                for (int i = 0; i < hypotheses.size(); i++) {
                    // as rouge-score's score(target, prediction): the first reference is the target
                    Map<String, Rouge.Score> scores = rouge.score(references.get(0).get(i), hypotheses.get(i), Rouge.TYPES);
                    scores.forEach((type, s) -> {
                        double[] sum = sums.computeIfAbsent(type, t -> new double[3]);
                        sum[0] += s.precision();
                        sum[1] += s.recall();
                        sum[2] += s.fmeasure();
                    });
                    if (segments) {
                        perSegment.add(prf(scores));
                    }
                }
                Map<String, Object> averages = new LinkedHashMap<>();
                int n = Math.max(hypotheses.size(), 1);
                sums.forEach((type, sum) -> averages.put(type, Map.of("precision", sum[0] / n, "recall", sum[1] / n,
                        "fmeasure", sum[2] / n)));
                result.put("score", averages);
                result.put("signature", "rouge-score:0.1.2|tok:default|stem:" + (stem ? "porter" : "no")
                        + "|target:first-ref");
            }
            default -> throw new UsageException("unknown metric '" + metric + "': use bleu, chrf, chrf++, ter or rouge");
        }
        if (segments) {
            result.put("segments", perSegment);
        }
        return json ? toJson(result) + "\n" : text(result);
    }

    private static Map<String, Object> prf(Map<String, Rouge.Score> scores) {
        Map<String, Object> types = new LinkedHashMap<>();
        scores.forEach((type, s) -> types.put(type, Map.of("precision", s.precision(), "recall", s.recall(),
                "fmeasure", s.fmeasure())));
        return types;
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    /** UTF-8 lines as Python reads a text file: \n, \r\n or \r end a line; a final newline adds none. */
    static List<String> read(String file) throws UsageException {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(Path.of(file));
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UsageException(file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getClass().getSimpleName()
                    .replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT));
        }
        String normalised = text.replace("\r\n", "\n").replace('\r', '\n');
        List<String> lines = new ArrayList<>(List.of(normalised.split("\n", -1)));
        if (normalised.endsWith("\n") || normalised.isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private static String text(Map<String, Object> result) {
        StringBuilder text = new StringBuilder();
        Object score = result.get("score");
        if (score instanceof Double d) {
            text.append(String.format(Locale.ROOT, "%s = %.2f  %s%n", ((String) result.get("metric")).toUpperCase(Locale.ROOT),
                    d, result.get("signature")));
        } else {
            ((Map<?, ?>) score).forEach((type, prf) -> {
                Map<?, ?> values = (Map<?, ?>) prf;
                text.append(String.format(Locale.ROOT, "%s  P %.4f  R %.4f  F %.4f%n", type, values.get("precision"),
                        values.get("recall"), values.get("fmeasure")));
            });
            text.append(result.get("signature")).append('\n');
        }
        if (result.containsKey("segments")) {
            List<?> perSegment = (List<?>) result.get("segments");
            for (int i = 0; i < perSegment.size(); i++) {
                text.append(i + 1).append('\t').append(perSegment.get(i) instanceof Double d
                        ? String.format(Locale.ROOT, "%.4f", d) : toJson(perSegment.get(i))).append('\n');
            }
        }
        return text.toString();
    }

    /** Minimal JSON for maps, lists, strings and numbers; doubles as Java prints them (shortest round trip). */
    static String toJson(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder json = new StringBuilder("{");
            // stable key order for Map.of values
            Map<?, ?> ordered = map instanceof LinkedHashMap<?, ?> ? map : new java.util.TreeMap<>(map);
            ordered.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append(toJson(k.toString())).append(':')
                    .append(toJson(v)));
            return json.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder json = new StringBuilder("[");
            for (Object item : list) {
                json.append(json.length() > 1 ? "," : "").append(toJson(item));
            }
            return json.append(']').toString();
        }
        if (value instanceof String s) {
            StringBuilder json = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> json.append("\\\"");
                    case '\\' -> json.append("\\\\");
                    case '\n' -> json.append("\\n");
                    default -> json.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
                }
            }
            return json.append('"').toString();
        }
        if (value instanceof Double d) {
            return Double.isFinite(d) ? d.toString() : "null";
        }
        return String.valueOf(value);
    }
}
