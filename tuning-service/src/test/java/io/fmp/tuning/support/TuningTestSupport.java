package io.fmp.tuning.support;

import io.fmp.contracts.catalog.v1.Architecture;
import io.fmp.contracts.catalog.v1.EndpointProtocol;
import io.fmp.contracts.catalog.v1.ModelCardSpec;
import io.fmp.contracts.catalog.v1.ModelFacts;
import io.fmp.contracts.catalog.v1.ModelShape;
import io.fmp.contracts.catalog.v1.ServingEndpoint;
import io.fmp.contracts.tuning.v1.GetJobRequest;
import io.fmp.contracts.tuning.v1.JobState;
import io.fmp.contracts.tuning.v1.TuningJob;
import io.fmp.contracts.tuning.v1.TuningServiceGrpc;
import io.fmp.platform.testing.Eventually;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Base models and datasets the tuning tests share, put into {@link UpstreamServices} once. */
public final class TuningTestSupport {

    public static final String INTENTS = "intents";
    public static final String SUPPORT_CHAT = "support-chat";
    public static final String SUITE = "intents-eval";
    private static String encoderId;
    private static String decoderId;

    private TuningTestSupport() {
    }

    /** all-MiniLM-L6-v2 with its embedded endpoint (a head's base). */
    public static synchronized String encoder() {
        if (encoderId == null) {
            encoderId = UpstreamServices.model(ModelCardSpec.newBuilder().setName("all-MiniLM-L6-v2")
                    .setProvider("sentence-transformers").setVersion("1").setParameterCount(22_700_000)
                    .setLicense("apache-2.0").setContextWindow(256).addTasks("sentence-similarity")
                    .setFacts(ModelFacts.newBuilder().setArchitecture(Architecture.ENCODER))
                    .addEndpoints(ServingEndpoint.newBuilder().setProtocol(EndpointProtocol.EMBEDDED_ENCODER)
                            .setUrl("embedded:all-minilm-l6-v2"))
                    .build());
            seedData();
        }
        return encoderId;
    }

    /** Llama 3.1 8B, a decoder its trainer loads from Hugging Face. */
    public static synchronized String decoder() {
        if (decoderId == null) {
            decoderId = UpstreamServices.model(ModelCardSpec.newBuilder().setName("Llama 3.1 8B Instruct")
                    .setProvider("Meta").setVersion("3.1").setParameterCount(8_030_000_000L).setLicense("llama3.1")
                    .setContextWindow(131_072).addTasks("text-generation")
                    .setFacts(ModelFacts.newBuilder().setArchitecture(Architecture.DECODER)
                            .setSourceUrl("https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct")
                            .setShape(ModelShape.newBuilder().setParameterCount(8_030_000_000L).setLayers(32)
                                    .setKvHeads(8).setHeadDim(128)))
                    .build());
            seedData();
        }
        return decoderId;
    }

    private static void seedData() {
        if (UpstreamServices.DATASETS.containsKey(INTENTS)) {
            return;
        }
        String[][] phrasings = {
                {"card_lost", "I lost my card", "my card was stolen", "I can't find my debit card anywhere",
                        "someone took my bank card", "my card is missing", "I think I left my card at the shop",
                        "please block my lost card", "my wallet with my card was stolen"},
                {"exchange_rate", "what is the exchange rate for dollars", "how much is 100 pounds in euros",
                        "which rate do you use to convert currency", "why was the conversion rate so bad",
                        "tell me today's exchange rate", "what rate applies when I pay in yen",
                        "how are foreign currencies converted", "is the euro to franc rate fixed"},
                {"top_up", "how do I top up my account", "add money to my balance", "I want to load funds",
                        "my top-up did not arrive", "can I top up with a credit card", "where do I add cash to the app",
                        "the top up failed again", "how long does a top-up take"}};
        String[] tails = {"", " please", " today", " right now", " again", " urgently"};
        List<String[]> rows = new ArrayList<>();
        for (String[] intent : phrasings) {
            int n = 0;
            for (int p = 1; p < intent.length; p++) {
                for (String tail : tails) {
                    // per intent: 48 rows, 32 train, 8 validation, 8 test
                    String split = n % 6 == 4 ? "validation" : n % 6 == 5 ? "test" : "train";
                    rows.add(new String[]{split, intent[p] + tail, intent[0], null});
                    n++;
                }
            }
        }
        UpstreamServices.dataset(INTENTS, rows);
        List<String[]> chat = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            chat.add(new String[]{i % 4 == 3 ? "validation" : "train", "How do I reset PIN number " + i + "?", null,
                    "Open the app, choose Card, then Reset PIN."});
        }
        UpstreamServices.dataset(SUPPORT_CHAT, chat);
        UpstreamServices.SUITES.add(SUITE);
    }

    public static TuningJob await(TuningServiceGrpc.TuningServiceBlockingStub tuning, String id, JobState state,
                                  Duration timeout) {
        return Eventually.await(() -> tuning.getJob(GetJobRequest.newBuilder().setId(id).build()),
                job -> job.getState() == state || finishedOtherwise(job, state), timeout);
    }

    private static boolean finishedOtherwise(TuningJob job, JobState wanted) {
        boolean finished = job.getState() == JobState.SUCCEEDED || job.getState() == JobState.FAILED
                || job.getState() == JobState.CANCELLED;
        if (finished && job.getState() != wanted) {
            throw new AssertionError("job " + job.getId() + " ended " + job.getState() + ": " + job.getError());
        }
        return false;
    }
}
