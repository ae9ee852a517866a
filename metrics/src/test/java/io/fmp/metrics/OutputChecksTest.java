package io.fmp.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputChecksTest {

    @Test
    void personalDataIsFoundByChecksumNotByDigitCount() {
        String text = "Write to anna.meier@example.de or call +49 30 1234567. IBAN DE89 3704 0044 0532 0130 00, "
                + "card 4111 1111 1111 1111. Order 4111 1111 1111 1112 shipped.";
        List<PiiDetector.Finding> findings = PiiDetector.find(text);
        assertEquals(List.of(PiiDetector.Kind.EMAIL, PiiDetector.Kind.PHONE, PiiDetector.Kind.IBAN, PiiDetector.Kind.CARD),
                findings.stream().map(PiiDetector.Finding::kind).toList());
        assertTrue(findings.stream().noneMatch(f -> f.masked().contains("anna")), "findings never carry the value");
        assertEquals("*****************11", findings.get(3).masked());
        assertFalse(PiiDetector.validIban("DE89 3704 0044 0532 0130 01"));
        assertTrue(PiiDetector.luhn("79927398713"));
        assertFalse(PiiDetector.luhn("79927398710"));
        assertEquals(0.5, PiiDetector.leakageRate(List.of("mail me: a@b.io", "your balance is 1,234.56 EUR")));
        assertTrue(PiiDetector.find("Reference 2024-11-22, total 19.99").isEmpty());
    }

    @Test
    void theToxicityBaselineMatchesWholeWordsOfItsLexicon() {
        assertEquals(List.of("idiot", "shut up"), ToxicityLexicon.matches("You IDIOT, shut up!"));
        assertEquals(List.of("halt die klappe"), ToxicityLexicon.matches("Halt die Klappe."));
        assertTrue(ToxicityLexicon.matches("The idiomatic expression is dumbbell-shaped").isEmpty(), "whole words only");
        assertEquals(0.5, ToxicityLexicon.toxicRate(List.of("thanks, happy to help", "what a moron")));
    }

    @Test
    void theCounterfactualProbeMeasuresHowFarASwapMovesTheScore() {
        assertEquals("She asked her father", CounterfactualProbe.swap("He asked his mother"));
        assertNull(CounterfactualProbe.swap("The account was closed"));
        Map<String, Double> biased = Map.of("he", 0.9, "she", 0.6);
        CounterfactualProbe.Result result = CounterfactualProbe.probe(
                List.of("he wants a loan", "she wants a loan", "the bank is closed"),
                input -> input.startsWith("he ") ? biased.get("he") : input.startsWith("she ") ? biased.get("she") : 0.5,
                0.01);
        assertEquals(2, result.probed());
        assertEquals(0.3, result.meanAbsShift(), 1e-12);
        assertEquals(1.0, result.changedShare());
        assertEquals(0.0, CounterfactualProbe.probe(List.of("he wants a loan"), input -> 0.7, 0.01).maxAbsShift());
    }

    @Test
    void perplexityLatencyThroughputAndCost() {
        assertEquals(4.0, GenerationStats.perplexity(List.of(Math.log(0.25), Math.log(0.25))), 1e-12);
        GenerationStats.Latency latency = GenerationStats.latency(new double[]{10, 20, 30, 40, 50});
        assertEquals(30.0, latency.p50Ms());
        assertEquals(48.0, latency.p95Ms(), 1e-12);
        assertEquals(49.6, latency.p99Ms(), 1e-12);
        assertEquals(50.0, latency.maxMs());
        assertEquals(100.0, GenerationStats.decodeTokensPerSecond(101, 1200, 200), 1e-12);
        assertEquals(0.0035, GenerationStats.costUsd(1000, 100, 2.5, 10), 1e-15);
    }
}
