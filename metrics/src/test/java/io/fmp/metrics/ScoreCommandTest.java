package io.fmp.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./fmp score}'s entry point on the seed corpus files, and its errors. */
class ScoreCommandTest {

    @TempDir
    static Path dir;
    static String hyp;
    static String ref1;
    static String ref2;

    @BeforeAll
    static void files() throws Exception {
        SeedCorpusParityTest.load();
        hyp = write("hyp.txt", SeedCorpusParityTest.hyp);
        ref1 = write("ref1.txt", SeedCorpusParityTest.ref1);
        ref2 = write("ref2.txt", SeedCorpusParityTest.ref2);
    }

    static String write(String name, List<String> lines) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file.toString();
    }

    record Result(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ScoreCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void bleuAndChrfAsJsonMatchSacreBleu() throws Exception {
        JsonNode bleu = run("--metric", "bleu", "--hyp", hyp, "--ref", ref1, "--ref", ref2, "--json").json();
        SeedCorpusParityTest.assertClose(SeedCorpusParityTest.expected.get("bleu_2ref").asDouble(),
                bleu.get("score").asDouble(), "bleu_2ref");
        assertEquals("nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0", bleu.get("signature").asText());
        JsonNode intl = run("--metric", "bleu", "--hyp", hyp, "--ref", ref1, "--tokenize", "intl", "--json").json();
        SeedCorpusParityTest.assertClose(SeedCorpusParityTest.expected.get("bleu_1ref_intl").asDouble(),
                intl.get("score").asDouble(), "bleu_1ref_intl");
        JsonNode ter = run("--metric", "ter", "--hyp", hyp, "--ref", ref1, "--json").json();
        SeedCorpusParityTest.assertClose(SeedCorpusParityTest.expected.get("ter_1ref").asDouble(),
                ter.get("score").asDouble(), "ter_1ref");
        assertEquals("nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:2.6.0", ter.get("signature").asText());
        JsonNode chrfpp = run("--metric", "chrf++", "--hyp", hyp, "--ref", ref1, "--json").json();
        SeedCorpusParityTest.assertClose(SeedCorpusParityTest.expected.get("chrfpp_1ref").asDouble(),
                chrfpp.get("score").asDouble(), "chrfpp_1ref");
    }

    @Test
    void segmentsAreSacreBleusSentenceScores() throws Exception {
        JsonNode segments = run("--metric", "bleu", "--hyp", hyp, "--ref", ref1, "--json", "--segments").json()
                .get("segments");
        assertEquals(400, segments.size());
        JsonNode expected = SeedCorpusParityTest.expected.get("sentence_bleu_1ref");
        for (int i = 0; i < expected.size(); i++) {
            SeedCorpusParityTest.assertClose(expected.get(i).asDouble(), segments.get(i).asDouble(), "segment " + i);
        }
    }

    @Test
    void rougeAveragesRougeScoreOverPairs() throws Exception {
        JsonNode rouge = run("--metric", "rouge", "--hyp", hyp, "--ref", ref1, "--json").json();
        JsonNode expected = SeedCorpusParityTest.expected.get("rouge");
        Rouge scorer = Rouge.withoutStemmer();
        double sum = 0;
        for (int i = 0; i < 400; i++) {
            sum += scorer.score(SeedCorpusParityTest.ref1.get(i), SeedCorpusParityTest.hyp.get(i), Rouge.TYPES)
                    .get("rougeL").fmeasure();
        }
        assertEquals(sum / 400, rouge.get("score").get("rougeL").get("fmeasure").asDouble(), 1e-12);
        assertEquals(expected.get(1).get("rouge2").get(2).asDouble(), run("--metric", "rouge", "--hyp", hyp, "--ref", ref1,
                "--json", "--segments").json().get("segments").get(1).get("rouge2").get("fmeasure").asDouble(), 1e-12);
        JsonNode stemmed = run("--metric", "rouge", "--hyp", hyp, "--ref", ref1, "--stem", "--json", "--segments").json();
        assertEquals("rouge-score:0.1.2|tok:default|stem:porter|target:first-ref", stemmed.get("signature").asText());
        JsonNode expectedStemmed = SeedCorpusParityTest.expected.get("rouge_stem");
        for (int i = 0; i < expectedStemmed.size(); i++) {
            SeedCorpusParityTest.assertClose(expectedStemmed.get(i).get("rougeLsum").get(2).asDouble(),
                    stemmed.get("segments").get(i).get("rougeLsum").get("fmeasure").asDouble(), "stemmed pair " + i);
        }
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo() throws Exception {
        Path shorter = dir.resolve("short.txt");
        Files.writeString(shorter, "one line\n");
        List<Result> failures = new ArrayList<>();
        failures.add(run("--metric", "bleu", "--hyp", hyp, "--ref", shorter.toString()));
        failures.add(run("--metric", "bleu", "--hyp", hyp, "--ref", dir.resolve("missing.txt").toString()));
        failures.add(run("--metric", "bleu", "--hyp", hyp, "--ref", ref1, "--colour"));
        failures.add(run("--metric", "meteor", "--hyp", hyp, "--ref", ref1));
        failures.add(run("--metric", "bleu", "--hyp", hyp, "--ref", ref1, "--tokenize", "moses"));
        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, new byte[]{(byte) 0xe4, '\n'});
        failures.add(run("--metric", "bleu", "--hyp", latin1.toString(), "--ref", latin1.toString()));
        for (Result failure : failures) {
            assertEquals(2, failure.exit(), failure.err());
            assertEquals("", failure.out());
            assertEquals(1, failure.err().lines().count(), failure.err());
        }
        assertTrue(failures.get(0).err().contains("has 1 lines but"), failures.get(0).err());
        assertTrue(failures.get(5).err().contains("is not UTF-8"), failures.get(5).err());
    }
}
