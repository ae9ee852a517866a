package io.fmp.bench;

import io.fmp.client.ApiClient;
import io.fmp.client.ApiException;
import io.fmp.client.api.ModelsApi;
import io.fmp.client.api.RunsApi;
import io.fmp.client.api.TuningJobsApi;
import io.fmp.client.model.JobState;
import io.fmp.client.model.Run;
import io.fmp.client.model.RunRequest;
import io.fmp.client.model.RunState;
import io.fmp.client.model.TuningDataset;
import io.fmp.client.model.TuningJob;
import io.fmp.client.model.TuningJobRequest;
import io.fmp.client.model.TuningMethod;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * The Banking77 classifier head through the gateway of a running suite, in one run: the zero-shot
 * baseline (all-MiniLM-L6-v2 by label similarity), then a head job with a cold embedding cache and
 * the same job again with a warm one. Each job's time is the tuning-service's own (startedAt to
 * finishedAt: reading the data, embedding, training, storing the head, registering the model),
 * split by its metrics into embedding and training. Run it on a fresh platform (deploy/bench/tuning.sh
 * starts one), else the first job is warm too. Calls the platform through the generated API client.
 * Usage: deploy/bench/run.sh HeadJobBench [gateway-url]
 */
public class HeadJobBench {

    public static void main(String[] args) throws Exception {
        ApiClient client = new ApiClient().setReadTimeout(Duration.ofMinutes(2));
        client.updateBaseUri(args.length > 0 ? args[0] : "http://localhost:8080");
        String authorization = GatewayCredential.authorization();
        client.setRequestInterceptor(request -> request.header("Authorization", authorization));
        ModelsApi models = new ModelsApi(client);
        RunsApi runs = new RunsApi(client);
        TuningJobsApi jobs = new TuningJobsApi(client);
        String miniLm = models.searchModels(ModelsApi.APISearchModelsRequest.newBuilder().name("all-MiniLM-L6-v2")
                .build()).getModels().get(0).getId();
        String runId = runs.startRun(new RunRequest().suite("banking77-intent").modelId(miniLm),
                "bench-zero-shot-" + miniLm).getId();
        Run zeroShot = runs.getRun(runId);
        while (zeroShot.getState() != RunState.SUCCEEDED) {
            if (zeroShot.getState() == RunState.FAILED || zeroShot.getState() == RunState.CANCELLED) {
                throw new IllegalStateException("run " + runId + " " + zeroShot.getState() + ": " + zeroShot.getError());
            }
            Thread.sleep(500);
            zeroShot = runs.getRun(runId);
        }
        System.out.printf("cores %d; Banking77 (8,005 train / 1,000 validation / 998 test), all-MiniLM-L6-v2%n",
                Runtime.getRuntime().availableProcessors());
        System.out.printf("%-28s %9s %11s %10s %10s %9s %8s%n", "", "job s", "embedding s", "training s",
                "from cache", "epochs", "test acc");
        System.out.printf("%-28s %9s %11s %10s %10s %9s %8.4f%n", "zero-shot (label similarity)", "-", "-", "-", "-",
                "-", zeroShot.getMetrics().get(0).getValue());
        TuningJobRequest job = new TuningJobRequest().baseModelId(miniLm).method(TuningMethod.CLASSIFIER_HEAD)
                .dataset(new TuningDataset().name("banking77")).outputName("Banking77 head bench");
        for (String cache : new String[]{"cold", "warm"}) {
            TuningJob done = await(jobs, jobs.submitTuningJob(job, "bench-" + UUID.randomUUID()).getId());
            double seconds = Duration.between(done.getStartedAt(), done.getFinishedAt()).toMillis() / 1000.0;
            Map<String, Double> metrics = done.getFinalMetrics();
            System.out.printf("%-28s %9.1f %11.1f %10.1f %10.0f %9s %8.4f%n", "head, " + cache + " embedding cache",
                    seconds, metrics.get("embedding_seconds"), metrics.get("training_seconds"),
                    metrics.get("embeddings_from_cache"), String.format("%.0f (best %.0f)",
                            metrics.get("epochs_trained"), metrics.get("best_epoch")), metrics.get("test_accuracy"));
        }
    }

    static TuningJob await(TuningJobsApi jobs, String id) throws ApiException, InterruptedException {
        while (true) {
            TuningJob job = jobs.getTuningJob(id);
            if (job.getState() == JobState.SUCCEEDED) {
                return job;
            }
            if (job.getState() == JobState.FAILED || job.getState() == JobState.CANCELLED) {
                throw new IllegalStateException("tuning job " + id + " " + job.getState() + ": " + job.getError());
            }
            Thread.sleep(500);
        }
    }
}
