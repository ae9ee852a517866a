package io.fmp.eval.support;

import com.google.protobuf.ByteString;
import io.fmp.contracts.eval.v1.DatasetFormat;
import io.fmp.contracts.eval.v1.DatasetHeader;
import io.fmp.contracts.eval.v1.EvalService;
import io.fmp.contracts.eval.v1.UploadDatasetRequest;
import io.fmp.contracts.eval.v1.UploadDatasetResponse;
import io.fmp.contracts.events.EventCodec;
import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.ModelRegistered;
import io.fmp.contracts.events.ModelServing;
import io.fmp.contracts.events.Topics;
import io.fmp.platform.testing.KafkaBrokerResource;
import io.fmp.platform.testing.KafkaTestClient;
import io.smallrye.mutiny.Multi;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** What the eval-service tests share: uploads in chunks, and catalog models announced on the real broker. */
public final class EvalTestSupport {

    private EvalTestSupport() {
    }

    public static KafkaTestClient kafka() {
        return new KafkaTestClient(KafkaBrokerResource.broker().bootstrapServers());
    }

    /** Streams the text in chunks of {@code chunkBytes}, header first. */
    public static UploadDatasetResponse upload(EvalService eval, String name, DatasetFormat format, String text,
                                               int chunkBytes) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<UploadDatasetRequest> parts = new ArrayList<>();
        parts.add(UploadDatasetRequest.newBuilder().setHeader(DatasetHeader.newBuilder().setName(name)
                .setFormat(format).setDescription("test data")).build());
        for (int from = 0; from < bytes.length; from += chunkBytes) {
            parts.add(UploadDatasetRequest.newBuilder().setData(ByteString.copyFrom(bytes, from,
                    Math.min(chunkBytes, bytes.length - from))).build());
        }
        return eval.uploadDataset(Multi.createFrom().iterable(parts)).await().atMost(Duration.ofSeconds(60));
    }

    /** Announces a catalog model, as catalog-service would, and returns its id. */
    public static String announceModel(String name, List<String> tasks, ModelServing serving) {
        return announceModel(UUID.randomUUID().toString(), name, tasks, serving);
    }

    /** Announces a catalog model with a given id. */
    public static String announceModel(String modelId, String name, List<String> tasks, ModelServing serving) {
        kafka().send(Topics.CATALOG, new EventEnvelope(UUID.randomUUID().toString(), EventTypes.MODEL_REGISTERED,
                "catalog-service", modelId, Instant.now(), null, EventCodec.toData(new ModelRegistered(modelId, name,
                "test", "1", 1_000_000L, "apache-2.0", 4096, tasks, serving, "shared"))));
        return modelId;
    }

    public static ModelServing openAiChat(String url, Double priceIn, Double priceOut) {
        return new ModelServing(List.of(new ModelServing.Endpoint("openai-chat", url, null)), priceIn, priceOut, null,
                null, null);
    }

    public static ModelServing encoder(String encoder, String headUri) {
        return new ModelServing(List.of(new ModelServing.Endpoint("embedded-encoder", "embedded:" + encoder, null)),
                null, null, headUri == null ? null : "head", headUri, null);
    }
}
