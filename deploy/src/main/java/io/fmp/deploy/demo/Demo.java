package io.fmp.deploy.demo;

import io.fmp.client.ApiClient;
import io.fmp.client.ApiException;
import io.fmp.client.api.DeploymentsApi;
import io.fmp.client.api.GovernanceApi;
import io.fmp.client.model.Classification;
import io.fmp.client.model.Classifications;
import io.fmp.client.model.ClassifyRequest;
import io.fmp.client.model.Deployment;
import io.fmp.client.model.DeploymentExecutor;
import io.fmp.client.model.DeploymentRequest;
import io.fmp.client.api.IdentityApi;
import io.fmp.client.api.LeaderboardsApi;
import io.fmp.client.api.ModelsApi;
import io.fmp.client.api.RunsApi;
import io.fmp.client.api.SelectionApi;
import io.fmp.client.api.TuningJobsApi;
import io.fmp.client.model.ApiKeyRequest;
import io.fmp.client.model.Approval;
import io.fmp.client.model.ApprovalDecisionRequest;
import io.fmp.client.model.ApprovalRequestBody;
import io.fmp.client.model.Architecture;
import io.fmp.client.model.AssessmentRequest;
import io.fmp.client.model.Factsheet;
import io.fmp.client.model.GateDecision;
import io.fmp.client.model.IssuedApiKey;
import io.fmp.client.model.ModelCard;
import io.fmp.client.model.ModelReference;
import io.fmp.client.model.RiskAnswer;
import io.fmp.client.model.Role;
import io.fmp.client.model.UseCase;
import io.fmp.client.model.UseCaseDocument;
import io.fmp.client.model.UseCaseRequest;
import io.fmp.client.model.UseCaseTransitionRequest;
import io.fmp.client.model.DeploymentOption;
import io.fmp.client.model.EndpointProtocol;
import io.fmp.client.model.JobState;
import io.fmp.client.model.Leaderboard;
import io.fmp.client.model.LeaderboardEntry;
import io.fmp.client.model.MetricValue;
import io.fmp.client.model.ModelCardRequest;
import io.fmp.client.model.ModelFacts;
import io.fmp.client.model.Problem;
import io.fmp.client.model.RankedModel;
import io.fmp.client.model.Recommendation;
import io.fmp.client.model.Run;
import io.fmp.client.model.RunRequest;
import io.fmp.client.model.RunState;
import io.fmp.client.model.SelectionConstraints;
import io.fmp.client.model.SelectionWeights;
import io.fmp.client.model.ServingEndpoint;
import io.fmp.client.model.TrainingDataTransparency;
import io.fmp.client.model.TuningDataset;
import io.fmp.client.model.TuningEstimate;
import io.fmp.client.model.TuningJob;
import io.fmp.client.model.TuningJobRequest;
import io.fmp.client.model.TuningProgress;
import io.fmp.client.model.UseCaseProfile;
import io.fmp.client.model.Workload;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The built-in demo use case, end to end through the gateway, as a user would drive it: register
 * the candidate encoders (or find them in the catalog), evaluate them zero-shot on the Banking77
 * suite, tune a classifier head on the best-known base, let eval-service evaluate the tuned model,
 * then print the leaderboard and the selection engine's explained recommendation for the demo
 * profile, and govern it: a use case assessed under the EU AI Act, the tuned model approved by a second
 * identity, the production alias moved through governance's gate, the factsheet written; and serve it: deployed
 * in the platform and asked to classify customer queries through the gateway. Every request carries an idempotency key, so running it again reuses what is done. It
 * calls the platform through the Java client generated from the gateway's OpenAPI document
 * (module api-client). {@code ./fmp demo} brings the platform up and runs it.
 */
public final class Demo {

    static final String SUITE = "banking77-intent";
    static final String DATASET = "banking77";
    static final String TUNED_NAME = "Banking77 intent router";

    /** A candidate encoder as the catalog seed describes it, registered when the catalog lacks it. */
    static final List<ModelCardRequest> CANDIDATES = List.of(
            encoder("all-MiniLM-L6-v2", "sentence-transformers", "1", 22_700_000, "apache-2.0", 256, "MiniLM",
                    TrainingDataTransparency.FULL, "https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2",
                    "embedded:all-minilm-l6-v2"),
            encoder("bge-small-en-v1.5", "BAAI", "1.5", 33_400_000, "mit", 512, "BGE", TrainingDataTransparency.SUMMARY,
                    "https://huggingface.co/BAAI/bge-small-en-v1.5", "embedded:bge-small-en-v15"));

    /** The demo use case as a selection profile: on-prem, commercial use, quality first. */
    static final UseCaseProfile PROFILE = new UseCaseProfile()
            .name("Route online-banking customer queries to one of 77 intents").task("text-classification")
            .qualitySuite(SUITE)
            .constraints(new SelectionConstraints().deploymentMode(DeploymentOption.ON_PREM).commercialUse(true))
            .weights(new SelectionWeights().quality(0.6).speed(0.1).cost(0.2).risk(0.1))
            .workload(new Workload().requestsPerMonth(1_000_000L).inputTokens(30).outputTokens(1)).limit(5);

    /** The demo's use case as governance holds it: a customer-facing router, so people are told it is an AI. */
    static final String USE_CASE = "Banking77 customer-query routing";
    /** The deployment the demo serves the approved router as, and the queries it classifies through the gateway. */
    static final String DEPLOYMENT = "banking77-router";
    static final List<String> QUERIES = List.of("I still have not received my new card, it has been two weeks",
            "How do I top up my account with Apple Pay?",
            "There is a payment on my statement I did not make");
    static final double THRESHOLD = 0.85;

    /**
     * What the demo produced: the candidates' ids (the tuning base first), the tuned model, the two answers printed,
     * the governed use case, where its factsheet was written, and the router's answers to {@link #QUERIES}.
     */
    public record Outcome(List<String> candidateIds, String tuningJobId, String tunedModelId, Leaderboard leaderboard,
                          Recommendation recommendation, String useCaseId, Path factsheet, Classifications served) {
    }

    private final ApiClient client;
    private final ModelsApi models;
    private final RunsApi runs;
    private final TuningJobsApi jobs;
    private final LeaderboardsApi leaderboards;
    private final SelectionApi selection;
    private final GovernanceApi governance;
    private final IdentityApi identity;
    private final DeploymentsApi deployments;
    private final String gatewayUrl;
    private final PrintStream out;
    private final Duration pollInterval;
    private final Path factsheets;

    /** factsheets: the directory the use case's factsheet is written to. */
    public Demo(String gatewayUrl, String credential, PrintStream out, Duration pollInterval, Path factsheets) {
        this.client = GatewayClient.create(gatewayUrl, credential, Duration.ofMinutes(2));
        this.gatewayUrl = gatewayUrl;
        this.governance = new GovernanceApi(client);
        this.identity = new IdentityApi(client);
        this.deployments = new DeploymentsApi(client);
        this.factsheets = factsheets;
        this.models = new ModelsApi(client);
        this.runs = new RunsApi(client);
        this.jobs = new TuningJobsApi(client);
        this.leaderboards = new LeaderboardsApi(client);
        this.selection = new SelectionApi(client);
        this.out = out;
        this.pollInterval = pollInterval;
    }

    public static void main(String[] args) {
        String url = args.length > 0 ? args[0] : System.getenv().getOrDefault("FMP_GATEWAY_URL", "http://localhost:8080");
        try {
            new Demo(url, GatewayClient.credentialFromEnvironment(), System.out, Duration.ofSeconds(2),
                    Path.of(System.getenv().getOrDefault("FMP_HOME", ".fmp"), "factsheets")).run();
        } catch (DemoFailure e) {
            System.err.println("demo: " + e.getMessage());
            System.exit(1);
        }
    }

    public Outcome run() {
        long started = System.nanoTime();
        out.println("Banking77 demo: route online-banking customer queries to one of 77 intents (gateway "
                + client.getBaseUri() + ")");

        step(1, "Registering the candidates in the catalog");
        List<String> candidateIds = CANDIDATES.stream().map(this::registerOrFind).toList();

        step(2, "Evaluating the candidates zero-shot on suite " + SUITE + " (label similarity, test split)");
        List<String> runIds = new ArrayList<>();
        for (String candidateId : candidateIds) {
            runIds.add(startRun(candidateId, "demo-zero-shot-" + candidateId));
        }
        awaitRuns(runIds, CANDIDATES.stream().map(ModelCardRequest::getName).toList(), Duration.ofMinutes(20));

        step(3, "Tuning a classifier head on frozen " + CANDIDATES.get(0).getName() + " embeddings (dataset "
                + DATASET + ", local CPU executor)");
        TuningJobRequest job = new TuningJobRequest().baseModelId(candidateIds.get(0))
                .method(io.fmp.client.model.TuningMethod.CLASSIFIER_HEAD).dataset(new TuningDataset().name(DATASET))
                .evalSuite(SUITE).outputName(TUNED_NAME);
        TuningEstimate estimate = call("the estimate", () -> jobs.estimateTuningJob(job));
        out.printf(Locale.ROOT, "  %d training, %d validation examples; estimate %.4f CPU hours, $%.4f, %.5f kWh,"
                        + " %.5f kg CO2%n", estimate.getTrainExamples(), estimate.getValidationExamples(),
                estimate.getCost().getCpuHours(), estimate.getCost().getUsd(), estimate.getCost().getKwh(),
                estimate.getCost().getKgCo2());
        String jobId = submit(job, "demo-banking77-head-" + candidateIds.get(0));
        TuningJob done = awaitJob(jobId, Duration.ofMinutes(30));
        String tunedId = done.getResultModelId();
        Map<String, Double> metrics = done.getFinalMetrics();
        out.printf(Locale.ROOT, "  succeeded: test accuracy %.4f (best epoch %.0f of %.0f trained), %.4f CPU hours;"
                        + " registered as %s %s (%s)%n", metrics.get("test_accuracy"), metrics.get("best_epoch"),
                metrics.get("epochs_trained"), done.getActual().getCpuHours(), TUNED_NAME,
                call("reading the tuned model", () -> models.getModel(tunedId)).getVersion(), tunedId);

        step(4, "Evaluating the tuned model on suite " + SUITE + " (started by eval-service on tuning.completed)");
        String tunedRun = poll("eval-service to start the tuned model's run", Duration.ofMinutes(5),
                () -> call("listing runs", () -> runs.listRuns(SUITE, tunedId, null, null)).getRuns(),
                list -> !list.isEmpty()).get(0).getId();
        awaitRuns(List.of(tunedRun), List.of(TUNED_NAME), Duration.ofMinutes(20));

        step(5, "Leaderboard " + SUITE);
        Leaderboard board = call("reading the leaderboard", () -> leaderboards.getLeaderboard(SUITE, null));
        printLeaderboard(board);

        step(6, "Recommendation for the demo profile (on-prem, commercial use; quality 0.6, cost 0.2, speed 0.1,"
                + " risk 0.1)");
        // the catalog learns the tuned model's result from eval.completed, a moment after the run
        Recommendation recommendation = poll("the catalog to rank the tuned model by its evaluation",
                Duration.ofMinutes(2), () -> call("the recommendation", () -> selection.recommendModels(PROFILE)),
                answer -> answer.getRanked().stream().anyMatch(r -> tunedId.equals(r.getModelId())
                        && r.getScores().getQuality() > 0));
        printRecommendation(recommendation);

        step(7, "Governing the tuned model: use case, EU AI Act assessment, approval, the production gate");
        UseCase useCase = govern(tunedId);
        Path factsheet = writeFactsheet(useCase.getId(), tunedId);

        step(8, "Serving the approved router in the platform and classifying customer queries through the gateway");
        Classifications served = serve(tunedId);
        out.printf(Locale.ROOT, "%nDemo finished in %.0f s.%n", (System.nanoTime() - started) / 1e9);
        return new Outcome(candidateIds, jobId, tunedId, board, recommendation, useCase.getId(), factsheet, served);
    }

    /**
     * Registers (or finds) the demo's use case, assesses it, shows the production gate denying, puts the tuned model
     * up for approval, lets a second identity with the approver role approve it, and moves the production alias
     * through the gate.
     */
    private UseCase govern(String tunedId) {
        UseCase useCase = call("listing use cases", () -> governance.listUseCases()).getUseCases().stream()
                .filter(u -> USE_CASE.equals(u.getName())).findFirst().orElse(null);
        if (useCase == null) {
            useCase = call("registering the use case", () -> governance.createUseCase(new UseCaseRequest().name(USE_CASE)
                    .purpose("Route online-banking customers' messages to the team that handles their intent")
                    .owner("customer-service").task("classification").affectedPeople(List.of("bank customers"))
                    .dataCategories(List.of("personal", "financial")).deploymentContext("online-banking chat")
                    .suites(List.of(SUITE)).approaches(List.of(tunedId)).threshold(THRESHOLD)
                    .documents(List.of(
                            new UseCaseDocument().obligation("art50-disclosure").title("Chat notice: an AI routes your message")
                                    .uri("file:docs/demo/banking77-disclosure-notice.md"),
                            new UseCaseDocument().obligation("art4-ai-literacy").title("Training for customer-service staff")
                                    .uri("file:docs/demo/banking77-staff-training.md")))));
            out.printf("  use case '%s' registered (%s)%n", USE_CASE, useCase.getId());
        } else {
            out.printf("  use case '%s' found (%s, %s)%n", USE_CASE, useCase.getId(), useCase.getState());
        }
        String id = useCase.getId();
        if (List.of("draft", "proposed", "assessed", "under-review").contains(useCase.getState())) {
            useCase = call("assessing the use case", () -> governance.assessUseCase(id, new AssessmentRequest().answers(
                    answers(Map.of("prohibited-practices", "none", "annex-iii-area", "none", "derogation", "none",
                            "profiling", "no", "interacts-with-people", "yes", "generates-synthetic-content", "no",
                            "emotion-or-biometric-categorisation", "no", "deep-fake", "no")))));
            out.printf("  assessed: tier %s (catalogue %s), %d approver(s) needed; obligations %s%n", useCase.getTier(),
                    useCase.getAssessment().getCatalogueVersion(), useCase.getAssessment().getQuorum(),
                    useCase.getObligations().stream().map(o -> o.getId() + (o.getMissing().isEmpty() ? " (evidenced)"
                            : " (missing " + String.join(", ", o.getMissing()) + ")")).toList());
        }
        for (String next : List.of("approved-for-development", "in-validation")) {
            if (List.of("assessed", "approved-for-development").contains(useCase.getState())) {
                useCase = call("moving the use case on", () -> governance.transitionUseCase(id,
                        new UseCaseTransitionRequest().state(next).reason("demo: " + next)));
            }
        }
        if (List.of("approved-for-production", "operating").contains(useCase.getState())
                && useCase.getApproaches().contains(tunedId)) {
            out.println("  " + TUNED_NAME + " was approved for this use case before");
        } else {
            GateDecision before = call("asking the production gate", () -> governance.decideGate("production-alias",
                    new ModelReference().modelId(tunedId)));
            out.println("  production gate before approval: " + (before.getAllowed() ? "allowed" : "denied"));
            before.getFailures().forEach(f -> out.println("    - " + f.getPolicy() + ": " + f.getMessage()));
            Approval request = call("requesting approval", () -> governance.requestApproval(id, new ApprovalRequestBody()
                    .modelId(tunedId).reason("accuracy on " + SUITE + " above the threshold " + THRESHOLD)));
            out.printf("  approval %s requested by %s (quorum %d)%n", request.getId(), request.getRequestedBy(),
                    request.getQuorum());
            // a second local identity: separation of duties means the requester cannot approve its own request
            String project = useCase.getProject();
            IssuedApiKey approverKey = call("issuing the approver's key", () -> identity.createApiKey(new ApiKeyRequest()
                    .name("demo approver").project(project).role(Role.APPROVER)
                    .expiresAt(OffsetDateTime.now(ZoneOffset.UTC).plusHours(1))));
            GovernanceApi approver = new GovernanceApi(GatewayClient.create(gatewayUrl, approverKey.getSecret(),
                    Duration.ofMinutes(1)));
            Approval decided = call("approving", () -> approver.decideApproval(request.getId(),
                    new ApprovalDecisionRequest().decision("approve").reason("demo: evidence reviewed")));
            out.printf("  approved by %s (key %s, role approver): %s%n", decided.getDecisions().get(0).getApprover(),
                    approverKey.getKey().getId(), decided.getState());
        }
        ModelCard moved = call("moving the production alias", () -> models.setModelAlias("production", tunedId));
        out.printf("  production alias of '%s' now on version %s: the gate allowed it%n", moved.getName(), moved.getVersion());
        return poll("the use case to be operating", Duration.ofMinutes(1), () -> call("reading the use case",
                () -> governance.getUseCase(id)), u -> "operating".equals(u.getState()));
    }

    /**
     * Deploys the tuned router locally (governance's deployment gate lets the approved model through) and classifies
     * three queries with it through the gateway, as an application would.
     */
    private Classifications serve(String tunedId) {
        DeploymentRequest request = new DeploymentRequest().name(DEPLOYMENT).modelId(tunedId)
                .executor(DeploymentExecutor.LOCAL);
        Deployment deployed = call("deploying the router", () -> deployments.createDeployment(request,
                "demo-" + DEPLOYMENT + "-" + tunedId));
        out.printf(Locale.ROOT, "  deployment %s (%s, %s): %s; estimate $%.4f per hour, $%.4f per million tokens (%s)%n",
                deployed.getName(), deployed.getExecutor().getValue(), deployed.getTask(), deployed.getState(),
                deployed.getEstimate().getCost().getUsdPerHour(), deployed.getEstimate().getCost().getUsdPerMillionTokens(),
                deployed.getEstimate().getCost().getBasis());
        out.printf(Locale.ROOT, "  guardrails from the use case: personal data %s, toxicity %s%n",
                deployed.getGuardrails().getPii().getValue(),
                Boolean.TRUE.equals(deployed.getGuardrails().getBlockToxicity()) ? "blocked" : "not checked");
        Classifications answers = call("classifying through the gateway", () -> deployments.classifyText(DEPLOYMENT,
                new ClassifyRequest().texts(QUERIES)));
        for (int i = 0; i < QUERIES.size(); i++) {
            Classification c = answers.getResults().get(i);
            out.printf(Locale.ROOT, "  \"%s\"%n      -> %s (%.2f; then %s)%n", QUERIES.get(i), c.getLabel(), c.getScore(),
                    c.getAlternatives().stream().map(a -> String.format(Locale.ROOT, "%s %.2f", a.getLabel(),
                            a.getScore())).toList());
        }
        out.printf("  the same call: curl -H \"Authorization: Bearer $FMP_API_KEY\" -H 'Content-Type: application/json'"
                + " -d '{\"texts\": [\"...\"]}' %s/api/v1/deployments/%s/classify%n", gatewayUrl, DEPLOYMENT);
        return answers;
    }

    private static List<RiskAnswer> answers(Map<String, String> answers) {
        return answers.entrySet().stream().map(e -> new RiskAnswer().question(e.getKey()).values(List.of(e.getValue())))
                .toList();
    }

    /** Generates the factsheet and writes its Markdown, HTML and PDF; returns the Markdown's path. */
    private Path writeFactsheet(String useCaseId, String modelId) {
        Factsheet sheet = call("generating the factsheet", () -> governance.generateFactsheet(useCaseId,
                new ModelReference().modelId(modelId)));
        try {
            Files.createDirectories(factsheets);
            String base = "banking77-routing-" + modelId.substring(0, 8) + "-v" + sheet.getVersion();
            Path markdown = factsheets.resolve(base + ".md");
            Files.writeString(markdown, sheet.getMarkdown());
            Files.writeString(factsheets.resolve(base + ".html"), sheet.getHtml());
            java.io.File pdf = call("rendering the factsheet as a PDF", () -> governance.getFactsheetPdf(useCaseId, modelId));
            Files.move(pdf.toPath(), factsheets.resolve(base + ".pdf"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            out.printf("  factsheet version %d (SHA-256 %s, in the audit log): %s (and .html, .pdf)%n", sheet.getVersion(),
                    sheet.getSha256(), markdown.toAbsolutePath());
            return markdown;
        } catch (java.io.IOException e) {
            throw new DemoFailure("writing the factsheet to " + factsheets + " failed: " + e.getMessage());
        }
    }

    private static ModelCardRequest encoder(String name, String provider, String version, long parameters,
                                            String license, int context, String family,
                                            TrainingDataTransparency trainingData, String source, String endpoint) {
        return new ModelCardRequest().name(name).provider(provider).version(version).parameterCount(parameters)
                .license(license).contextWindow(context)
                .tasks(List.of("sentence-similarity", "feature-extraction", "text-classification"))
                .facts(new ModelFacts().family(family).languages(List.of("en")).architecture(Architecture.ENCODER)
                        .deploymentOptions(List.of(DeploymentOption.ON_PREM, DeploymentOption.CLOUD,
                                DeploymentOption.HYBRID, DeploymentOption.EDGE))
                        .trainingData(trainingData).sourceUrl(java.net.URI.create(source)))
                .endpoints(List.of(new ServingEndpoint().protocol(EndpointProtocol.EMBEDDED_ENCODER).url(endpoint)));
    }

    private void step(int number, String title) {
        out.printf("%n[%d/8] %s%n", number, title);
    }

    private String registerOrFind(ModelCardRequest candidate) {
        String found = call("searching the catalog", () -> models.searchModels(
                ModelsApi.APISearchModelsRequest.newBuilder().name(candidate.getName()).build())).getModels().stream()
                .filter(m -> candidate.getVersion().equals(m.getVersion())).map(m -> m.getId()).findFirst().orElse(null);
        if (found != null) {
            out.printf("  %-20s in the catalog (%s)%n", candidate.getName(), found);
            return found;
        }
        String id = call("registering " + candidate.getName(), () -> models.registerModel(candidate)).getId();
        out.printf("  %-20s registered (%s)%n", candidate.getName(), id);
        return id;
    }

    /** Starts (or, by its key, finds) a run; eval-service learns of a new model from catalog events a moment later. */
    private String startRun(String modelId, String idempotencyKey) {
        RunRequest request = new RunRequest().suite(SUITE).modelId(modelId);
        return poll("eval-service to learn of model " + modelId, Duration.ofMinutes(2), () -> {
            try {
                return runs.startRun(request, idempotencyKey).getId();
            } catch (ApiException e) {
                Problem problem = ApiFailures.problem(client, e);
                if (e.getCode() == 400 && problem != null && problem.getErrors() != null
                        && problem.getErrors().stream().anyMatch(v -> "modelId".equals(v.getField()))) {
                    return null;
                }
                throw failure("starting the run", e);
            }
        }, id -> id != null);
    }

    /**
     * Submits the job under the key, or finds the one submitted under it before; a job that failed
     * or was cancelled before is not the answer, so the next key is tried.
     */
    private String submit(TuningJobRequest job, String idempotencyKey) {
        for (int attempt = 0; attempt < 5; attempt++) {
            String key = attempt == 0 ? idempotencyKey : idempotencyKey + "-" + attempt;
            TuningJob submitted = call("submitting the tuning job", () -> jobs.submitTuningJob(job, key));
            JobState state = submitted.getState();
            if (state != JobState.FAILED && state != JobState.CANCELLED) {
                out.println("  job " + submitted.getId() + " " + state.getValue());
                return submitted.getId();
            }
            out.println("  an earlier demo job " + submitted.getId() + " " + state.getValue() + " ("
                    + submitted.getError() + "); submitting another");
        }
        throw new DemoFailure("five demo tuning jobs failed; see ./fmp logs tuning-service");
    }

    private void awaitRuns(List<String> runIds, List<String> names, Duration limit) {
        Map<String, String> lastLine = new LinkedHashMap<>();
        poll("the runs to finish", limit, () -> {
            boolean allDone = true;
            for (int i = 0; i < runIds.size(); i++) {
                String id = runIds.get(i);
                Run run = call("reading a run", () -> runs.getRun(id));
                RunState state = run.getState();
                if (state == RunState.FAILED || state == RunState.CANCELLED) {
                    throw new DemoFailure("run " + id + " of " + names.get(i) + " " + state.getValue() + ": "
                            + run.getError());
                }
                String line = state == RunState.SUCCEEDED
                        ? String.format(Locale.ROOT, "  %-24s succeeded: accuracy %.4f", names.get(i),
                        metric(run.getMetrics(), "accuracy"))
                        : String.format(Locale.ROOT, "  %-24s %s %5.1f%% (%d/%d examples, %.0f/s, ETA %s)",
                        names.get(i), state.getValue(), run.getProgress().getPercent(), run.getProgress().getDone(),
                        run.getProgress().getTotal(), run.getProgress().getExamplesPerSecond(),
                        eta(run.getProgress().getEtaSeconds()));
                printIfChanged(lastLine, id, line);
                allDone &= state == RunState.SUCCEEDED;
            }
            return allDone;
        }, Boolean::booleanValue);
    }

    private TuningJob awaitJob(String jobId, Duration limit) {
        Map<String, String> lastLine = new LinkedHashMap<>();
        return poll("the tuning job to finish", limit, () -> {
            TuningJob job = call("reading the job", () -> jobs.getTuningJob(jobId));
            JobState state = job.getState();
            if (state == JobState.FAILED || state == JobState.CANCELLED) {
                throw new DemoFailure("tuning job " + jobId + " " + state.getValue() + ": " + job.getError());
            }
            TuningProgress progress = job.getProgress();
            String line = "training".equals(progress.getPhase())
                    ? String.format(Locale.ROOT, "  %s training epoch %d/%d %5.1f%%, loss %.4f, validation"
                            + " accuracy %.4f, ETA %s", state.getValue(), progress.getEpoch(), progress.getEpochs(),
                    progress.getPercent(), progress.getLoss(), progress.getEvalAccuracy(), eta(progress.getEtaSeconds()))
                    : String.format(Locale.ROOT, "  %s %5.1f%%, ETA %s", progress.getPhase() == null
                            || progress.getPhase().equals(state.getValue()) ? state.getValue()
                            : state.getValue() + " " + progress.getPhase(),
                    progress.getPercent(), eta(progress.getEtaSeconds()));
            if (state != JobState.SUCCEEDED) {
                printIfChanged(lastLine, jobId, line);
            }
            return job;
        }, job -> job.getState() == JobState.SUCCEEDED);
    }

    private void printLeaderboard(Leaderboard board) {
        out.printf("  %-4s %-44s %-8s %-15s %-8s %s%n", "rank", "model", "accuracy", "95% CI", "macro F1",
                "p95 ms/example");
        for (LeaderboardEntry entry : board.getEntries()) {
            out.printf(Locale.ROOT, "  %-4d %-44s %-8.4f %-15s %-8.4f %.1f%n", entry.getRank(),
                    entry.getModelName() + " " + entry.getModelVersion(), entry.getPrimary().getValue(),
                    String.format(Locale.ROOT, "%.4f-%.4f", entry.getPrimary().getCiLower(),
                            entry.getPrimary().getCiUpper()),
                    metric(entry.getMetrics(), "macro_f1"), entry.getP95LatencyMs());
        }
    }

    private void printRecommendation(Recommendation recommendation) {
        for (RankedModel ranked : recommendation.getRanked()) {
            out.printf(Locale.ROOT, "  %d. %s %s  value %.3f (quality %.3f, speed %.3f, cost %.3f, risk %.3f)%s%n",
                    ranked.getRank(), ranked.getName(), ranked.getVersion(), ranked.getValue(),
                    ranked.getScores().getQuality(), ranked.getScores().getSpeed(), ranked.getScores().getCost(),
                    ranked.getScores().getRisk(), Boolean.TRUE.equals(ranked.getParetoOptimal())
                            ? "  [Pareto-optimal]" : "");
            out.println("     " + ranked.getExplanation());
        }
        StringBuilder excludedBy = new StringBuilder();
        recommendation.getExcludedByConstraint().forEach((constraint, count) -> excludedBy
                .append(excludedBy.isEmpty() ? "" : ", ").append(constraint).append(' ').append(count));
        out.printf(Locale.ROOT, "  %d models ranked; %d excluded (by constraint: %s)%n",
                recommendation.getRankedTotal(), recommendation.getExcludedTotal(), excludedBy);
    }

    private static double metric(List<MetricValue> metrics, String name) {
        return metrics.stream().filter(m -> name.equals(m.getName())).mapToDouble(MetricValue::getValue).findFirst()
                .orElse(Double.NaN);
    }

    private static String eta(Double seconds) {
        return seconds == null ? "unknown" : String.format(Locale.ROOT, "%.0f s", seconds);
    }

    private void printIfChanged(Map<String, String> lastLine, String key, String line) {
        if (!line.equals(lastLine.put(key, line))) {
            out.println(line);
        }
    }

    /** A call to the gateway; an error answer becomes a DemoFailure naming what was being done and why. */
    private <T> T call(String doing, Call<T> call) {
        try {
            return call.call();
        } catch (ApiException e) {
            throw failure(doing, e);
        }
    }

    @FunctionalInterface
    private interface Call<T> {
        T call() throws ApiException;
    }

    private DemoFailure failure(String doing, ApiException e) {
        return new DemoFailure(ApiFailures.describe(client, doing, e));
    }

    /** Asks until the answer is accepted, every poll interval, at most for the limit. */
    private <T> T poll(String waitingFor, Duration limit, java.util.function.Supplier<T> ask, Predicate<T> accepted) {
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
