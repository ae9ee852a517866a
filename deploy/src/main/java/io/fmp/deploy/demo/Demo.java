package io.fmp.deploy.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The built-in demo use case, end to end through the gateway, as a user would drive it: register
 * the candidate encoders (or find them in the catalog), evaluate them zero-shot on the Banking77
 * suite, tune a classifier head on the best-known base, let eval-service evaluate the tuned model,
 * then print the leaderboard and the selection engine's explained recommendation for the demo
 * profile. Every request carries an idempotency key, so running it again reuses what is done.
 * Runs on a bare JDK: {@code java -cp deploy/target/classes io.fmp.deploy.demo.Demo [gateway-url]}
 * ({@code ./fmp demo} brings the platform up first).
 */
public final class Demo {

    static final String SUITE = "banking77-intent";
    static final String DATASET = "banking77";
    static final String TUNED_NAME = "Banking77 intent router";

    /** A candidate encoder as the catalog seed describes it, registered when the catalog lacks it. */
    record Candidate(String name, String version, String card) {
    }

    static final List<Candidate> CANDIDATES = List.of(
            new Candidate("all-MiniLM-L6-v2", "1", """
                    {"name": "all-MiniLM-L6-v2", "provider": "sentence-transformers", "version": "1",
                     "parameterCount": 22700000, "license": "apache-2.0", "contextWindow": 256,
                     "tasks": ["sentence-similarity", "feature-extraction", "text-classification"],
                     "facts": {"family": "MiniLM", "languages": ["en"], "architecture": "encoder",
                               "deploymentOptions": ["on-prem", "cloud", "hybrid", "edge"], "trainingData": "full",
                               "sourceUrl": "https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2"},
                     "endpoints": [{"protocol": "embedded-encoder", "url": "embedded:all-minilm-l6-v2"}]}"""),
            new Candidate("bge-small-en-v1.5", "1.5", """
                    {"name": "bge-small-en-v1.5", "provider": "BAAI", "version": "1.5",
                     "parameterCount": 33400000, "license": "mit", "contextWindow": 512,
                     "tasks": ["sentence-similarity", "feature-extraction", "text-classification"],
                     "facts": {"family": "BGE", "languages": ["en"], "architecture": "encoder",
                               "deploymentOptions": ["on-prem", "cloud", "hybrid", "edge"], "trainingData": "summary",
                               "sourceUrl": "https://huggingface.co/BAAI/bge-small-en-v1.5"},
                     "endpoints": [{"protocol": "embedded-encoder", "url": "embedded:bge-small-en-v15"}]}"""));

    /** The demo use case as a selection profile: on-prem, commercial use, quality first. */
    static final String PROFILE = """
            {"name": "Route online-banking customer queries to one of 77 intents", "task": "text-classification",
             "qualitySuite": "banking77-intent", "constraints": {"deploymentMode": "on-prem", "commercialUse": true},
             "weights": {"quality": 0.6, "speed": 0.1, "cost": 0.2, "risk": 0.1},
             "workload": {"requestsPerMonth": 1000000, "inputTokens": 30, "outputTokens": 1}, "limit": 5}""";

    /** What the demo produced: the candidates' ids (the tuning base first), the tuned model, the two answers printed. */
    public record Outcome(List<String> candidateIds, String tuningJobId, String tunedModelId, Json.Node leaderboard,
                          Json.Node recommendation) {
    }

    private final GatewayClient gateway;
    private final PrintStream out;
    private final Duration pollInterval;

    public Demo(String gatewayUrl, PrintStream out, Duration pollInterval) {
        this.gateway = new GatewayClient(gatewayUrl);
        this.out = out;
        this.pollInterval = pollInterval;
    }

    public static void main(String[] args) {
        String url = args.length > 0 ? args[0] : System.getenv().getOrDefault("FMP_GATEWAY_URL", "http://localhost:8080");
        try {
            new Demo(url, System.out, Duration.ofSeconds(2)).run();
        } catch (DemoFailure e) {
            System.err.println("demo: " + e.getMessage());
            System.exit(1);
        }
    }

    public Outcome run() {
        long started = System.nanoTime();
        out.println("Banking77 demo: route online-banking customer queries to one of 77 intents (gateway "
                + gateway.baseUrl() + ")");

        step(1, "Registering the candidates in the catalog");
        List<String> candidateIds = CANDIDATES.stream().map(this::registerOrFind).toList();

        step(2, "Evaluating the candidates zero-shot on suite " + SUITE + " (label similarity, test split)");
        List<String> runIds = new ArrayList<>();
        for (int i = 0; i < CANDIDATES.size(); i++) {
            runIds.add(startRun(candidateIds.get(i), "demo-zero-shot-" + candidateIds.get(i)));
        }
        awaitRuns(runIds, CANDIDATES.stream().map(Candidate::name).toList(), Duration.ofMinutes(20));

        step(3, "Tuning a classifier head on frozen " + CANDIDATES.get(0).name() + " embeddings (dataset "
                + DATASET + ", local CPU executor)");
        String job = """
                {"baseModelId": "%s", "method": "classifier-head", "dataset": {"name": "%s"},
                 "evalSuite": "%s", "outputName": "%s"}""".formatted(candidateIds.get(0), DATASET, SUITE, TUNED_NAME);
        Json.Node estimate = gateway.ok(gateway.post("/api/v1/tuning-jobs/estimate", job, null), "the estimate").body();
        out.printf(Locale.ROOT, "  %.0f training, %.0f validation examples; estimate %.4f CPU hours, $%.4f, %.5f kWh,"
                        + " %.5f kg CO2%n", estimate.get("trainExamples").number(),
                estimate.get("validationExamples").number(), estimate.get("cost.cpuHours").number(),
                estimate.get("cost.usd").number(), estimate.get("cost.kwh").number(),
                estimate.get("cost.kgCo2").number());
        String jobId = submit(job, "demo-banking77-head-" + candidateIds.get(0));
        Json.Node done = awaitJob(jobId, Duration.ofMinutes(30));
        String tunedId = done.get("resultModelId").text();
        out.printf(Locale.ROOT, "  succeeded: test accuracy %.4f (best epoch %.0f of %.0f trained), %.4f CPU hours;"
                        + " registered as %s %s (%s)%n", done.get("finalMetrics.test_accuracy").number(),
                done.get("finalMetrics.best_epoch").number(), done.get("finalMetrics.epochs_trained").number(),
                done.get("actual.cpuHours").number(), TUNED_NAME,
                gateway.ok(gateway.get("/api/v1/models/" + tunedId), "reading the tuned model").body()
                        .get("version").text(), tunedId);

        step(4, "Evaluating the tuned model on suite " + SUITE + " (started by eval-service on tuning.completed)");
        String tunedRun = poll("eval-service to start the tuned model's run", Duration.ofMinutes(5), () -> gateway
                .ok(gateway.get("/api/v1/runs?suite=" + SUITE + "&modelId=" + tunedId), "listing runs").body()
                .get("runs.0.id"), run -> !run.isNull()).text();
        awaitRuns(List.of(tunedRun), List.of(TUNED_NAME), Duration.ofMinutes(20));

        step(5, "Leaderboard " + SUITE);
        Json.Node board = gateway.ok(gateway.get("/api/v1/leaderboards/" + SUITE), "reading the leaderboard").body();
        printLeaderboard(board);

        step(6, "Recommendation for the demo profile (on-prem, commercial use; quality 0.6, cost 0.2, speed 0.1,"
                + " risk 0.1)");
        // the catalog learns the tuned model's result from eval.completed, a moment after the run
        Json.Node recommendation = poll("the catalog to rank the tuned model by its evaluation", Duration.ofMinutes(2),
                () -> gateway.ok(gateway.post("/api/v1/selection/recommendations", PROFILE, null),
                        "the recommendation").body(),
                answer -> answer.get("ranked").list().stream().anyMatch(r -> tunedId.equals(r.get("modelId").text())
                        && r.get("scores.quality").number() > 0));
        printRecommendation(recommendation);
        out.printf(Locale.ROOT, "%nDemo finished in %.0f s.%n", (System.nanoTime() - started) / 1e9);
        return new Outcome(candidateIds, jobId, tunedId, board, recommendation);
    }

    private void step(int number, String title) {
        out.printf("%n[%d/6] %s%n", number, title);
    }

    private String registerOrFind(Candidate candidate) {
        String found = gateway.ok(gateway.get("/api/v1/models?name=" + GatewayClient.encode(candidate.name())),
                        "searching the catalog").body().get("models").list().stream()
                .filter(m -> candidate.version().equals(m.get("version").text()))
                .map(m -> m.get("id").text()).findFirst().orElse(null);
        if (found != null) {
            out.printf("  %-20s in the catalog (%s)%n", candidate.name(), found);
            return found;
        }
        String id = gateway.ok(gateway.post("/api/v1/models", candidate.card(), null), "registering "
                + candidate.name()).body().get("id").text();
        out.printf("  %-20s registered (%s)%n", candidate.name(), id);
        return id;
    }

    /** Starts (or, by its key, finds) a run; eval-service learns of a new model from catalog events a moment later. */
    private String startRun(String modelId, String idempotencyKey) {
        String body = "{\"suite\": " + Json.quote(SUITE) + ", \"modelId\": " + Json.quote(modelId) + "}";
        GatewayClient.Answer answer = poll("eval-service to learn of model " + modelId, Duration.ofMinutes(2),
                () -> gateway.post("/api/v1/runs", body, idempotencyKey),
                a -> a.ok() || a.status() != 400 || a.body().get("errors").list().stream()
                        .noneMatch(e -> "modelId".equals(e.get("field").text())));
        return gateway.ok(answer, "starting the run").body().get("id").text();
    }

    /**
     * Submits the job under the key, or finds the one submitted under it before; a job that failed
     * or was cancelled before is not the answer, so the next key is tried.
     */
    private String submit(String job, String idempotencyKey) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Json.Node submitted = gateway.ok(gateway.post("/api/v1/tuning-jobs", job, attempt == 0 ? idempotencyKey
                    : idempotencyKey + "-" + attempt), "submitting the tuning job").body();
            String state = submitted.get("state").text();
            if (!"failed".equals(state) && !"cancelled".equals(state)) {
                out.println("  job " + submitted.get("id").text() + " " + state);
                return submitted.get("id").text();
            }
            out.println("  an earlier demo job " + submitted.get("id").text() + " " + state + " ("
                    + submitted.get("error").text() + "); submitting another");
        }
        throw new DemoFailure("five demo tuning jobs failed; see ./fmp logs tuning-service");
    }

    private void awaitRuns(List<String> runIds, List<String> names, Duration limit) {
        Map<String, String> lastLine = new LinkedHashMap<>();
        poll("the runs to finish", limit, () -> {
            boolean allDone = true;
            for (int i = 0; i < runIds.size(); i++) {
                Json.Node run = gateway.ok(gateway.get("/api/v1/runs/" + runIds.get(i)), "reading a run").body();
                String state = run.get("state").text();
                if ("failed".equals(state) || "cancelled".equals(state)) {
                    throw new DemoFailure("run " + runIds.get(i) + " of " + names.get(i) + " " + state + ": "
                            + run.get("error").text());
                }
                String line = "succeeded".equals(state)
                        ? String.format(Locale.ROOT, "  %-24s succeeded: accuracy %.4f", names.get(i),
                        metric(run, "accuracy"))
                        : String.format(Locale.ROOT, "  %-24s %s %5.1f%% (%.0f/%.0f examples, %.0f/s, ETA %s)",
                        names.get(i), state, run.get("progress.percent").number(), run.get("progress.done").number(),
                        run.get("progress.total").number(), run.get("progress.examplesPerSecond").number(),
                        eta(run.get("progress.etaSeconds")));
                printIfChanged(lastLine, runIds.get(i), line);
                allDone &= "succeeded".equals(state);
            }
            return allDone;
        }, Boolean::booleanValue);
    }

    private Json.Node awaitJob(String jobId, Duration limit) {
        Map<String, String> lastLine = new LinkedHashMap<>();
        return poll("the tuning job to finish", limit, () -> {
            Json.Node job = gateway.ok(gateway.get("/api/v1/tuning-jobs/" + jobId), "reading the job").body();
            String state = job.get("state").text();
            if ("failed".equals(state) || "cancelled".equals(state)) {
                throw new DemoFailure("tuning job " + jobId + " " + state + ": " + job.get("error").text());
            }
            Json.Node progress = job.get("progress");
            String phase = progress.get("phase").text();
            String line;
            if ("training".equals(phase)) {
                line = String.format(Locale.ROOT, "  %s training epoch %.0f/%.0f %5.1f%%, loss %.4f, validation"
                                + " accuracy %.4f, ETA %s", state, progress.get("epoch").number(),
                        progress.get("epochs").number(), progress.get("percent").number(), progress.get("loss").number(),
                        progress.get("evalAccuracy").number(), eta(progress.get("etaSeconds")));
            } else {
                line = String.format(Locale.ROOT, "  %s %5.1f%%, ETA %s", phase == null || phase.equals(state)
                                ? state : state + " " + phase,
                        progress.get("percent").number(), eta(progress.get("etaSeconds")));
            }
            if (!"succeeded".equals(state)) {
                printIfChanged(lastLine, jobId, line);
            }
            return job;
        }, job -> "succeeded".equals(job.get("state").text()));
    }

    private void printLeaderboard(Json.Node board) {
        out.printf("  %-4s %-44s %-8s %-15s %-8s %s%n", "rank", "model", "accuracy", "95% CI", "macro F1",
                "p95 ms/example");
        for (Json.Node entry : board.get("entries").list()) {
            out.printf(Locale.ROOT, "  %-4.0f %-44s %-8.4f %-15s %-8.4f %.1f%n", entry.get("rank").number(),
                    entry.get("modelName").text() + " " + entry.get("modelVersion").text(),
                    entry.get("primary.value").number(), String.format(Locale.ROOT, "%.4f-%.4f",
                            entry.get("primary.ciLower").number(), entry.get("primary.ciUpper").number()),
                    metric(entry, "macro_f1"), entry.get("p95LatencyMs").number());
        }
    }

    private void printRecommendation(Json.Node recommendation) {
        for (Json.Node ranked : recommendation.get("ranked").list()) {
            out.printf(Locale.ROOT, "  %.0f. %s %s  value %.3f (quality %.3f, speed %.3f, cost %.3f, risk %.3f)%s%n",
                    ranked.get("rank").number(), ranked.get("name").text(), ranked.get("version").text(),
                    ranked.get("value").number(), ranked.get("scores.quality").number(),
                    ranked.get("scores.speed").number(), ranked.get("scores.cost").number(),
                    ranked.get("scores.risk").number(),
                    Boolean.TRUE.equals(ranked.get("paretoOptimal").value()) ? "  [Pareto-optimal]" : "");
            out.println("     " + ranked.get("explanation").text());
        }
        StringBuilder excludedBy = new StringBuilder();
        if (recommendation.get("excludedByConstraint").value() instanceof Map<?, ?> counts) {
            counts.forEach((constraint, count) -> excludedBy.append(excludedBy.isEmpty() ? "" : ", ")
                    .append(constraint).append(' ').append(String.format(Locale.ROOT, "%.0f", (Double) count)));
        }
        out.printf(Locale.ROOT, "  %.0f models ranked; %.0f excluded (by constraint: %s)%n",
                recommendation.get("rankedTotal").number(), recommendation.get("excludedTotal").number(), excludedBy);
    }

    private static double metric(Json.Node runOrEntry, String name) {
        return runOrEntry.get("metrics").list().stream().filter(m -> name.equals(m.get("name").text()))
                .mapToDouble(m -> m.get("value").number()).findFirst().orElse(Double.NaN);
    }

    private static String eta(Json.Node seconds) {
        return seconds.isNull() ? "unknown" : String.format(Locale.ROOT, "%.0f s", seconds.number());
    }

    private void printIfChanged(Map<String, String> lastLine, String key, String line) {
        if (!line.equals(lastLine.put(key, line))) {
            out.println(line);
        }
    }

    /** Asks until the answer is accepted, every poll interval, at most for the limit. */
    private <T> T poll(String waitingFor, Duration limit, Supplier<T> ask, Predicate<T> accepted) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            T answer = ask.get();
            if (accepted.test(answer)) {
                return answer;
            }
            if (System.nanoTime() > deadline) {
                throw new DemoFailure("gave up after " + limit.toSeconds() + " s waiting for " + waitingFor
                        + "; last answer: " + answer);
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DemoFailure("interrupted while waiting for " + waitingFor);
            }
        }
    }
}
