package io.fmp.eval.encoders;

import io.fmp.contracts.artifacts.ClassifierHeads;
import io.fmp.contracts.artifacts.v1.Activation;
import io.fmp.contracts.artifacts.v1.ClassifierHead;
import io.fmp.contracts.artifacts.v1.DenseLayer;
import io.fmp.platform.hashing.Sha256;

import java.util.ArrayList;
import java.util.List;

/**
 * A trained classification head (contracts' {@code fmp.artifacts.v1.ClassifierHead}, stored as
 * protobuf JSON) on a frozen embedded encoder: "encoder + head" served as one model.
 */
public final class HeadClassifier implements EmbeddingClassifier {

    public static final String FORMAT = ClassifierHeads.FORMAT;

    private final ClassifierHead head;
    private final EmbeddedEncoder encoder;
    private final float[][] weights;
    private final String digest;

    private HeadClassifier(ClassifierHead head, EmbeddedEncoder encoder, String digest) {
        this.head = head;
        this.encoder = encoder;
        this.digest = digest;
        this.weights = new float[head.getLayersCount()][];
        for (int l = 0; l < head.getLayersCount(); l++) {
            DenseLayer layer = head.getLayers(l);
            float[] w = new float[layer.getWeightsCount()];
            for (int i = 0; i < w.length; i++) {
                w[i] = layer.getWeights(i);
            }
            weights[l] = w;
        }
    }

    /** Parses and checks a head file: format, encoder, and that every layer's shape chains. */
    public static HeadClassifier read(byte[] json) {
        ClassifierHead head = ClassifierHeads.parse(json);
        if (!FORMAT.equals(head.getFormat())) {
            throw new IllegalArgumentException("head format is '" + head.getFormat() + "', expected " + FORMAT);
        }
        EmbeddedEncoder encoder = EmbeddedEncoder.ofEndpoint(head.getEncoder());
        if (head.getDimensions() != encoder.dimensions) {
            throw new IllegalArgumentException("head expects " + head.getDimensions() + " dimensions, "
                    + encoder.name + " gives " + encoder.dimensions);
        }
        if (head.getLayersCount() == 0) {
            throw new IllegalArgumentException("head has no layers");
        }
        if (head.getMeanCount() != 0 && (head.getMeanCount() != head.getDimensions()
                || head.getScaleCount() != head.getDimensions())) {
            throw new IllegalArgumentException("mean and scale need one value per dimension");
        }
        int inputs = head.getDimensions();
        for (int l = 0; l < head.getLayersCount(); l++) {
            DenseLayer layer = head.getLayers(l);
            if (layer.getInputs() != inputs || layer.getWeightsCount() != layer.getInputs() * layer.getOutputs()
                    || layer.getBiasCount() != layer.getOutputs()) {
                throw new IllegalArgumentException("layer " + l + " does not fit: " + layer.getInputs() + " inputs, "
                        + layer.getOutputs() + " outputs, " + layer.getWeightsCount() + " weights, "
                        + layer.getBiasCount() + " biases after " + inputs + " values");
            }
            inputs = layer.getOutputs();
        }
        if (inputs != head.getLabelsCount()) {
            throw new IllegalArgumentException("the last layer has " + inputs + " outputs for "
                    + head.getLabelsCount() + " labels");
        }
        return new HeadClassifier(head, encoder, "head:" + Sha256.hex(json));
    }

    public static String write(ClassifierHead head) {
        return ClassifierHeads.json(head);
    }

    public EmbeddedEncoder encoder() {
        return encoder;
    }

    public List<String> labels() {
        return head.getLabelsList();
    }

    /** The last layer's outputs (logits) for a unit-length embedding. */
    public float[] logits(float[] embedding) {
        float[] values = embedding;
        if (head.getMeanCount() > 0) {
            values = new float[embedding.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = (embedding[i] - head.getMean(i)) / head.getScale(i);
            }
        }
        for (int l = 0; l < weights.length; l++) {
            DenseLayer layer = head.getLayers(l);
            float[] w = weights[l];
            int in = layer.getInputs();
            float[] out = new float[layer.getOutputs()];
            for (int o = 0; o < out.length; o++) {
                double sum = layer.getBias(o);
                int row = o * in;
                for (int i = 0; i < in; i++) {
                    sum += w[row + i] * values[i];
                }
                out[o] = layer.getActivation() == Activation.RELU ? (float) Math.max(0, sum) : (float) sum;
            }
            values = out;
        }
        return values;
    }

    @Override
    public String label(float[] embedding) {
        float[] logits = logits(embedding);
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return head.getLabels(best);
    }

    @Override
    public String digest() {
        return digest;
    }

    /** Labels of the head that are not among {@code known}, e.g. a dataset's labels. */
    public List<String> labelsOutside(List<String> known) {
        List<String> outside = new ArrayList<>(head.getLabelsList());
        outside.removeAll(known);
        return outside;
    }
}
