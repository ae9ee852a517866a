package io.fmp.tuning.training;

import io.fmp.contracts.artifacts.ClassifierHeads;
import io.fmp.contracts.artifacts.v1.Activation;
import io.fmp.contracts.artifacts.v1.ClassifierHead;
import io.fmp.contracts.artifacts.v1.DenseLayer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A trained head in the platform's portable format: contracts' {@code fmp.artifacts.v1.ClassifierHead}
 * as protobuf JSON, which eval-service loads to serve "encoder + head" as one model.
 */
public final class HeadArtifact {

    public static final String FILE_NAME = "head.json";
    public static final String MEDIA_TYPE = "application/json";

    private HeadArtifact() {
    }

    /**
     * @param encoderEndpoint the encoder as catalog endpoints name it ({@code embedded:<name>})
     * @param labels          one per class, in the head's output order
     * @param provenance      how it was made (job, dataset hash, seed, metrics)
     */
    public static ClassifierHead of(HeadTrainer.Head head, String encoderEndpoint, List<String> labels,
                                    Map<String, String> provenance) {
        if (labels.size() != head.classes()) {
            throw new IllegalArgumentException(labels.size() + " labels for " + head.classes() + " classes");
        }
        ClassifierHead.Builder artifact = ClassifierHead.newBuilder().setFormat(ClassifierHeads.FORMAT).setEncoder(encoderEndpoint)
                .setDimensions(head.dims()).addAllLabels(labels).putAllProvenance(provenance);
        int inputs = head.dims();
        for (int layer = 0; layer < head.weights().size(); layer++) {
            boolean hidden = head.hidden() > 0 && layer == 0;
            int outputs = hidden ? head.hidden() : head.classes();
            DenseLayer.Builder dense = DenseLayer.newBuilder().setInputs(inputs).setOutputs(outputs)
                    .setActivation(hidden ? Activation.RELU : Activation.NONE);
            for (float w : head.weights().get(layer)) {
                dense.addWeights(w);
            }
            for (float b : head.biases().get(layer)) {
                dense.addBias(b);
            }
            artifact.addLayers(dense);
            inputs = outputs;
        }
        return artifact.build();
    }

    public static byte[] json(ClassifierHead head) {
        return ClassifierHeads.json(head).getBytes(StandardCharsets.UTF_8);
    }
}
