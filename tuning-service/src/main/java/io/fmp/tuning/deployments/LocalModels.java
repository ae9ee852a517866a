package io.fmp.tuning.deployments;

import io.fmp.contracts.catalog.v1.ArtifactKind;
import io.fmp.contracts.catalog.v1.EndpointProtocol;
import io.fmp.contracts.catalog.v1.ModelCard;
import io.fmp.contracts.catalog.v1.ServingEndpoint;
import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.inference.encoders.SentenceEncoder;
import io.fmp.inference.heads.DenseHead;
import io.fmp.tuning.jobs.JobLedger;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code local} deployments compute, in this process through model-runtime: the same encoder and the same
 * head file evaluation scored, so a served answer is the evaluated one. Heads are read once from the tuning job's
 * stored artifact.
 */
@ApplicationScoped
public class LocalModels {

    /** A local model: its encoder, and the head on top of it for a classifier (null for an embedding model). */
    public record Loaded(SentenceEncoder encoder, DenseHead head) {
        public String task() {
            return head == null ? ModelDeployment.TASK_EMBEDDINGS : ModelDeployment.TASK_CLASSIFICATION;
        }
    }

    public record Scored(String label, double score) {
    }

    @Inject
    JobLedger ledger;

    private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();

    /** The model as a local deployment serves it; InvalidInputException when it cannot run here. */
    public Loaded resolve(ModelCard card) {
        return loaded.computeIfAbsent(card.getId(), id -> load(card));
    }

    /**
     * The model by id, its card read (from the catalog) only the first time: a model version's card and head never
     * change, so the request path asks nobody.
     */
    public Loaded resolve(String modelId, java.util.function.Supplier<ModelCard> card) {
        Loaded known = loaded.get(modelId);
        return known != null ? known : resolve(card.get());
    }

    private Loaded load(ModelCard card) {
        SentenceEncoder encoder = card.getCard().getEndpointsList().stream()
                .filter(e -> e.getProtocol() == EndpointProtocol.EMBEDDED_ENCODER).map(ServingEndpoint::getUrl)
                .map(SentenceEncoder::ofEndpoint).flatMap(Optional::stream).findFirst()
                .orElseThrow(() -> new InvalidInputException("executor", "local deployments run the embedded encoders"
                        + " (and heads trained on them); " + card.getCard().getName() + " has no embedded-encoder endpoint"));
        var lineage = card.getCard().getLineage();
        if (lineage.getArtifactKind() != ArtifactKind.HEAD) {
            return new Loaded(encoder, null);
        }
        String uri = lineage.getArtifactUri();
        if (!uri.startsWith("tuning://")) {
            throw new InvalidInputException("modelId", "the head is stored at " + uri + ", not by tuning-service");
        }
        String[] jobAndName = uri.substring("tuning://".length()).split("/", 2);
        byte[] file = ledger.artifact(jobAndName[0], jobAndName[1]).orElseThrow(() -> new InvalidInputException(
                "modelId", "the head artifact " + uri + " is not stored here")).content();
        DenseHead head = DenseHead.read(file);
        if (head.encoder() != encoder) {
            throw new InvalidInputException("modelId", "the head was trained on " + head.encoder().id()
                    + " but the card serves " + encoder.id());
        }
        return new Loaded(encoder, head);
    }

    /** Each text's ranked labels, and the tokens the encoder read. */
    public record Classified(List<List<Scored>> ranked, long tokens) {
    }

    /** Each text's label with its softmax probability and the next best labels. */
    public static Classified classify(Loaded model, List<String> texts, int alternatives) {
        var encoded = model.encoder().encodeCounted(texts);
        List<float[]> embeddings = encoded.vectors();
        List<List<Scored>> results = new ArrayList<>(texts.size());
        List<String> labels = model.head().labels();
        for (float[] embedding : embeddings) {
            double[] probabilities = softmax(model.head().logits(embedding));
            Integer[] order = new Integer[probabilities.length];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -probabilities[i]));
            List<Scored> ranked = new ArrayList<>();
            for (int k = 0; k < Math.min(order.length, alternatives + 1); k++) {
                ranked.add(new Scored(labels.get(order[k]), probabilities[order[k]]));
            }
            results.add(ranked);
        }
        return new Classified(results, encoded.tokens());
    }

    static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
