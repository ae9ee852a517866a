package io.fmp.eval.runs;

import io.fmp.eval.EvalConfig;
import io.fmp.eval.datasets.DatasetFacts;
import io.fmp.inference.encoders.SentenceEncoder;
import io.fmp.inference.heads.DenseHead;
import io.fmp.inference.heads.ZeroShotClassifier;
import io.fmp.contracts.egress.SecretBindings;
import io.fmp.platform.hashing.Sha256;
import io.fmp.eval.runners.EncoderAdapter;
import io.fmp.eval.runners.HeadStore;
import io.fmp.eval.runners.ModelAdapter;
import io.fmp.eval.runners.OpenAiAdapter;
import io.fmp.eval.runners.OpenAiCompatibleClient;
import io.fmp.eval.runners.EndpointAccess;
import io.fmp.eval.suites.SuiteDefinition;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.util.function.Supplier;
import java.time.Duration;

/** Builds the adapter a run's target needs, with the run's settings. */
@ApplicationScoped
public class AdapterFactory {

    @Inject
    Vertx vertx;

    @Inject
    HeadStore heads;

    @Inject
    EvalConfig config;

    @Inject
    EndpointAccess access;

    public ModelAdapter create(RunTarget target, SuiteDefinition suite, DatasetFacts dataset, RunSettings settings) {
        return switch (target.adapter()) {
            case RunTarget.OPENAI_CHAT, RunTarget.OPENAI_COMPLETIONS -> {
                OpenAiCompatibleClient.Protocol protocol = target.adapter().equals(RunTarget.OPENAI_CHAT)
                        ? OpenAiCompatibleClient.Protocol.CHAT : OpenAiCompatibleClient.Protocol.COMPLETIONS;
                OpenAiCompatibleClient client = new OpenAiCompatibleClient(vertx, new OpenAiCompatibleClient.Settings(
                        URI.create(target.url()), target.model(), protocol, settings.concurrency(),
                        Duration.ofMillis(settings.timeoutMs()), settings.maxRetries(), config.endpoint().backoffBase(),
                        Duration.ofSeconds(10), settings.requestsPerSecond(), settings.tokensPerMinute(), 5,
                        config.endpoint().breakerCooldown(), settings.stream(), settings.bootstrapSeed(),
                        config.endpoint().maxResponseBytes()), access.egress(), credential(target));
                yield new OpenAiAdapter(client, protocol, suite.decoding(), settings.concurrency(),
                        config.endpoint().breakerCooldown());
            }
            case RunTarget.ENCODER -> {
                if (!dataset.labelsComplete()) {
                    throw new IllegalStateException("zero-shot classification compares with every label, and dataset "
                            + dataset.name() + " has more labels than are listed (" + dataset.labelCount() + ")");
                }
                SentenceEncoder encoder = SentenceEncoder.require(target.url());
                ZeroShotClassifier classifier = new ZeroShotClassifier(encoder, dataset.labels(),
                        dataset.labels().stream().map(suite::describe).toList());
                yield new EncoderAdapter(encoder, classifier, "zero-shot:" + Sha256.hex(classifier.definition()),
                        settings.batchSize());
            }
            case RunTarget.ENCODER_WITH_HEAD -> {
                byte[] file = heads.load(target.headUri());
                DenseHead head = DenseHead.read(file);
                SentenceEncoder encoder = SentenceEncoder.require(target.url());
                if (head.encoder() != encoder) {
                    throw new IllegalStateException("the head was trained on " + head.encoder().id()
                            + " but the endpoint serves " + encoder.id());
                }
                yield new EncoderAdapter(encoder, head, "head:" + Sha256.hex(file), settings.batchSize());
            }
            default -> throw new IllegalStateException("no adapter for '" + target.adapter() + "'");
        };
    }

    private Supplier<String> credential(RunTarget target) {
        try {
            return access.credential(target.url(), target.secretRef());
        } catch (SecretBindings.SecretRefusedException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }
}
