package io.fmp.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fmp.platform.testing.PrometheusServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chart's alert rules and dashboards as the files tools read: promtool checks the rules and runs their unit tests
 * (every alert fires when it should and stays silent when it should not); every alert has a severity, a summary and a
 * runbook that exists; every dashboard has a fixed uid, the datasource / namespace / job variables, and panels whose
 * queries are scoped by them. {@link TuningEndToEndTest} runs the same queries and rules on a real Prometheus.
 */
class MonitoringFilesTest {

    static final Path CHART = ServiceProcess.ROOT.resolve("deploy/helm/fmp");
    static final Path RULES = CHART.resolve("files/rules/fmp.rules.yaml");
    static final Path DASHBOARDS = CHART.resolve("files/dashboards");
    /** Panels whose data comes from exporters the tests cannot run, and why. */
    static final Map<String, String> EXTERNAL_PANELS = Map.of(
            "vLLM requests waiting", "vLLM's own metrics: no vLLM server (no GPU) in the tests",
            "GPU utilisation", "NVIDIA's DCGM exporter: no GPU in the tests",
            "Pod restarts", "kube-state-metrics: no Kubernetes cluster in the tests");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A dashboard panel's query. */
    record PanelQuery(String dashboard, String panel, String expr) {
    }

    @Test
    void promtoolAcceptsTheRulesAndEveryAlertPassesItsUnitTests() throws IOException {
        PrometheusServer.Result checked = PrometheusServer.promtool("check", "rules", RULES.toString());
        assertEquals(0, checked.exitCode(), checked.output());
        assertTrue(checked.output().contains("SUCCESS: " + alerts().size() + " rules found"), checked.output());

        Path tests = RULES.resolveSibling("tests/fmp.rules.test.yaml");
        PrometheusServer.Result tested = PrometheusServer.promtool("test", "rules", tests.toString());
        assertEquals(0, tested.exitCode(), tested.output());
        // each alert has a test that expects it to fire and one that expects silence
        Set<String> firing = new TreeSet<>();
        Set<String> silent = new TreeSet<>();
        for (JsonNode test : YAML.readTree(tests.toFile()).path("tests")) {
            for (JsonNode expectation : test.path("alert_rule_test")) {
                (expectation.path("exp_alerts").isEmpty() ? silent : firing).add(expectation.path("alertname").asText());
            }
        }
        Set<String> names = new TreeSet<>(alerts().stream().map(a -> a.path("alert").asText()).toList());
        assertEquals(names, firing, "every alert is tested firing");
        assertEquals(names, silent, "every alert is tested silent");
    }

    @Test
    void everyAlertHasASeverityASummaryAndARunbookThatExists() {
        List<JsonNode> alerts = alerts();
        assertTrue(alerts.size() >= 12, "at least twelve alerts: " + alerts.size());
        for (JsonNode alert : alerts) {
            String name = alert.path("alert").asText();
            assertTrue(name.matches("Fmp[A-Z][A-Za-z]+"), "CamelCase, prefixed: " + name);
            assertTrue(Set.of("critical", "warning", "info").contains(alert.path("labels").path("severity").asText()), name);
            assertTrue(alert.path("annotations").path("summary").asText().length() > 10, name);
            String runbook = alert.path("annotations").path("runbook_url").asText();
            assertEquals("https://fmp.example.com/docs/runbooks/" + name + ".md", runbook, "the chart rewrites the base");
            Path page = ServiceProcess.ROOT.resolve("docs/runbooks/" + name + ".md");
            assertTrue(Files.isRegularFile(page), "runbook " + page);
            String text = read(page);
            for (String section : List.of("## What it means", "## How to check", "## How to fix")) {
                assertTrue(text.contains(section), page + " has " + section);
            }
        }
    }

    @Test
    void everyDashboardHasAFixedUidItsVariablesAndScopedQueries() {
        List<JsonNode> dashboards = dashboards();
        assertTrue(dashboards.size() >= 4, "at least four dashboards");
        Set<String> uids = new TreeSet<>();
        for (JsonNode dashboard : dashboards) {
            String uid = dashboard.path("uid").asText();
            assertTrue(uid.startsWith("fmp-") && uids.add(uid), "a fixed, unique uid: " + uid);
            assertTrue(dashboard.path("id").isNull(), uid + ": id null, so Grafana assigns its own");
            List<String> variables = new ArrayList<>();
            dashboard.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
            assertEquals(List.of("datasource", "namespace", "job"), variables, uid);
            for (JsonNode panel : dashboard.path("panels")) {
                String title = panel.path("title").asText();
                assertTrue(panel.path("description").asText().length() > 5, uid + " / " + title + " says what it shows");
                assertEquals("${datasource}", panel.path("datasource").path("uid").asText(), uid + " / " + title);
            }
        }
        for (PanelQuery query : panelQueries()) {
            assertTrue(query.expr().contains("namespace=~\"$namespace\""), query.toString());
            assertTrue(EXTERNAL_PANELS.containsKey(query.panel()) || query.expr().contains("job=~\"$job\""),
                    "the platform's own series are scoped by job: " + query);
        }
    }

    static List<JsonNode> alerts() {
        try {
            List<JsonNode> alerts = new ArrayList<>();
            for (JsonNode group : YAML.readTree(RULES.toFile()).path("groups")) {
                group.path("rules").forEach(alerts::add);
            }
            return alerts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> dashboards() {
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            List<JsonNode> dashboards = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                dashboards.add(JSON.readTree(file.toFile()));
            }
            return dashboards;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every panel's queries, as written (with the dashboard's variables). */
    static List<PanelQuery> panelQueries() {
        List<PanelQuery> queries = new ArrayList<>();
        for (JsonNode dashboard : dashboards()) {
            for (JsonNode panel : dashboard.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    queries.add(new PanelQuery(dashboard.path("uid").asText(), panel.path("title").asText(),
                            target.path("expr").asText()));
                }
            }
        }
        return queries;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
