package io.fmp.governance.factsheets;

import io.fmp.governance.gates.DecisionFacts.ObligationStatus;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a factsheet from facts, never from typed prose: sections follow the AI Act's Annex IV (general
 * description, development, performance, risk management and obligations, oversight and decisions, changes).
 * Plain Java; the same input gives the same bytes, so the content hash identifies the facts.
 */
public final class FactsheetRenderer {

    /** Everything a factsheet shows. */
    public record Input(Map<String, Object> useCase, Map<String, Object> model, Map<String, Object> evals,
                        List<ObligationStatus> obligations, List<String> approvers, List<String> history,
                        List<String> openReviews, String catalogueVersion) {
    }

    private FactsheetRenderer() {
    }

    /** The factsheet's Markdown as version {@code version}. */
    public static String markdown(Input in, int version) {
        StringBuilder md = new StringBuilder();
        Map<String, Object> useCase = in.useCase();
        Map<String, Object> model = in.model();
        md.append("# Factsheet: ").append(useCase.get("name")).append(" / ").append(model.get("name")).append(' ')
                .append(model.get("version")).append("\n\n");
        md.append("Version ").append(version).append(" of this factsheet, generated from the platform's records.\n\n");
        md.append("## 1. General description (Annex IV point 1)\n\n");
        row(md, "Use case", useCase.get("name") + " (" + useCase.get("id") + ")");
        row(md, "Project", useCase.get("project"));
        row(md, "Purpose", useCase.get("purpose"));
        row(md, "Owner", useCase.get("owner"));
        row(md, "Task", useCase.get("task"));
        row(md, "Affected people", useCase.get("affectedPeople"));
        row(md, "Data categories", useCase.get("dataCategories"));
        row(md, "Deployment context", useCase.get("deploymentContext"));
        row(md, "State", useCase.get("state"));
        md.append('\n');
        md.append("## 2. Model and its development (Annex IV point 2)\n\n");
        row(md, "Model", model.get("name") + " " + model.get("version") + " (" + model.get("id") + ")");
        row(md, "Licence", model.get("license") + (Boolean.TRUE.equals(model.get("commercialUse"))
                ? " (commercial use allowed)" : " (commercial use not allowed)"));
        row(md, "Training-data transparency", model.get("trainingData"));
        row(md, "IP indemnity", Boolean.TRUE.equals(model.get("ipIndemnity")) ? "yes" : "no");
        @SuppressWarnings("unchecked")
        Map<String, Object> gpai = (Map<String, Object>) model.get("generalPurpose");
        if (gpai != null && Boolean.TRUE.equals(gpai.get("present"))) {
            row(md, "General-purpose AI model (Art. 53)", (Boolean.TRUE.equals(gpai.get("systemicRisk"))
                    ? "with systemic risk (Art. 51; the provider's Art. 55 obligations apply)" : "without systemic risk")
                    + (blank(gpai.get("inheritedFrom")) ? "" : ", facts of its base model " + gpai.get("inheritedFrom")));
            row(md, "Provider documentation (Art. 53(1)(a), (b))", orNone(gpai.get("technicalDocumentation")));
            row(md, "Copyright policy (Art. 53(1)(c))", orNone(gpai.get("copyrightPolicy")));
            row(md, "Training content summary (Art. 53(1)(d))", orNone(gpai.get("trainingContentSummary")));
        }
        row(md, "Tuned from", blank(model.get("baseModelId")) ? "(a base model)" : model.get("baseModelId"));
        row(md, "Tuning method", blank(model.get("method")) ? "(none)" : model.get("method"));
        row(md, "Training data SHA-256", blank(model.get("datasetSha256")) ? "(none)" : model.get("datasetSha256"));
        md.append('\n');
        md.append("## 3. Performance (Annex IV point 3; Art. 15)\n\n");
        md.append("Threshold: the lower 95 % bound of each suite's primary metric at or above ")
                .append(useCase.get("threshold")).append(".\n\n");
        md.append("| Suite | Metric | Value | 95 % interval | Examples | Other metrics |\n|---|---|---|---|---|---|\n");
        @SuppressWarnings("unchecked")
        List<String> suites = (List<String>) useCase.get("suites");
        for (String suite : suites) {
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) in.evals().get(suite);
            if (result == null) {
                md.append("| ").append(suite).append(" | (not evaluated) | | | | |\n");
                continue;
            }
            md.append("| ").append(suite).append(" | ").append(result.get("metric")).append(" | ")
                    .append(format(result.get("value"))).append(" | ").append(format(result.get("ciLower"))).append(" - ")
                    .append(format(result.get("ciUpper"))).append(" | ").append(result.get("examples")).append(" | ")
                    .append(result.get("metrics")).append(" |\n");
        }
        md.append("\nPII leakage and toxicity appear among the other metrics where a suite measures them.\n\n");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> comparisons = (Map<String, Map<String, Object>>) model.getOrDefault(
                "comparisons", Map.of());
        if (!comparisons.isEmpty()) {
            md.append("Compared with its base model (eval-service's paired bootstrap test, p < 0.05 significant):\n\n");
            comparisons.forEach((suite, c) -> md.append("- ").append(suite).append(": ").append(c.get("metric"))
                    .append(' ').append(String.format(Locale.ROOT, "%+.4f", (Double) c.get("delta"))).append(", p = ")
                    .append(String.format(Locale.ROOT, "%.4f", (Double) c.get("pValue"))).append(": ")
                    .append(Boolean.TRUE.equals(c.get("worse")) ? "significantly worse"
                            : Boolean.TRUE.equals(c.get("significant")) ? "significantly better" : "no significant difference")
                    .append('\n'));
            md.append('\n');
        }
        md.append("## 4. Risk tier and obligations (Art. 9; Annex IV point 5)\n\n");
        row(md, "Tier", blank(useCase.get("tier")) ? "(not assessed)" : useCase.get("tier"));
        row(md, "Risk catalogue", in.catalogueVersion == null ? "(not assessed)" : in.catalogueVersion);
        md.append("\n| Obligation | Source | NIST AI RMF | NIST AI 600-1 | Evidence | Status |\n|---|---|---|---|---|---|\n");
        for (ObligationStatus o : in.obligations()) {
            md.append("| ").append(o.id()).append(": ").append(o.title()).append(" | ").append(o.source()).append(" | ")
                    .append(String.join(", ", o.nist())).append(" | ").append(String.join(", ", o.genai())).append(" | ")
                    .append(String.join(", ", o.evidence())).append(" | ")
                    .append(o.satisfied() ? "evidenced" : "missing: " + String.join(", ", o.missing())).append(" |\n");
        }
        md.append("\n## 5. Human oversight and decisions (Art. 14)\n\n");
        row(md, "Approved by", in.approvers().isEmpty() ? "(no approved request)" : String.join(", ", in.approvers()));
        row(md, "Open reviews", in.openReviews().isEmpty() ? "(none)" : String.join("; ", in.openReviews()));
        md.append("\n## 6. Lifecycle changes (Annex IV point 6)\n\n");
        in.history().forEach(h -> md.append("- ").append(h).append('\n'));
        md.append("\n## 7. Record keeping (Art. 12)\n\nEvery event above is in the platform's verifiable audit log "
                + "(RFC 9162 Merkle tree, signed C2SP checkpoints): `./fmp audit verify`.\n");
        return md.toString();
    }

    /** The Markdown as a self-contained HTML page (headings, tables, lists; text escaped), well-formed XHTML too. */
    public static String html(String markdown) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\" />"
                + "<title>Factsheet</title><style>body{font-family:sans-serif;max-width:60em;margin:2em auto}"
                + "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .5em}</style></head><body>\n");
        boolean inTable = false;
        boolean inList = false;
        for (String line : markdown.split("\n")) {
            if (inTable && !line.startsWith("|")) {
                html.append("</table>\n");
                inTable = false;
            }
            if (inList && !line.startsWith("- ")) {
                html.append("</ul>\n");
                inList = false;
            }
            if (line.startsWith("|---")) {
                continue;
            }
            if (line.startsWith("|")) {
                if (!inTable) {
                    html.append("<table>\n");
                    inTable = true;
                }
                html.append("<tr>");
                String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
                for (String cell : cells) {
                    html.append("<td>").append(escape(cell.trim())).append("</td>");
                }
                html.append("</tr>\n");
            } else if (line.startsWith("- ")) {
                if (!inList) {
                    html.append("<ul>\n");
                    inList = true;
                }
                html.append("<li>").append(escape(line.substring(2).replace("**", ""))).append("</li>\n");
            } else if (line.startsWith("## ")) {
                html.append("<h2>").append(escape(line.substring(3))).append("</h2>\n");
            } else if (line.startsWith("# ")) {
                html.append("<h1>").append(escape(line.substring(2))).append("</h1>\n");
            } else if (!line.isBlank()) {
                html.append("<p>").append(escape(line)).append("</p>\n");
            }
        }
        if (inTable) {
            html.append("</table>\n");
        }
        if (inList) {
            html.append("</ul>\n");
        }
        return html.append("</body></html>\n").toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("`", "");
    }

    private static void row(StringBuilder md, String label, Object value) {
        md.append("- **").append(label).append(":** ").append(value == null ? "" : value).append('\n');
    }

    private static Object orNone(Object value) {
        return blank(value) ? "(not published)" : value;
    }

    private static boolean blank(Object value) {
        return value == null || value.toString().isEmpty();
    }

    private static String format(Object value) {
        return value instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : String.valueOf(value);
    }
}
