package io.fmp.inference.heads;

import io.fmp.contracts.artifacts.ClassifierHeads;
import io.fmp.contracts.artifacts.v1.Activation;
import io.fmp.contracts.artifacts.v1.ClassifierHead;
import io.fmp.contracts.artifacts.v1.DenseLayer;
import io.fmp.inference.encoders.SentenceEncoder;

import java.util.ArrayList;
import java.util.List;

/**
 * A trained classification head (contracts' {@code fmp.artifacts.v1.ClassifierHead}) on a frozen
 * embedded encoder, ready to compute: "encoder + head" served as one model. Reading checks the
 * format, the encoder and that every layer's shape chains, so a bad file fails before any input.
 */
public final class DenseHead implements EmbeddingClassifier {

    private final ClassifierHead head;
    private final SentenceEncoder encoder;
    private final float[][] weights;
    private final float[][] biases;
    private final float[] mean;
    private final float[] scale;

    private DenseHead(ClassifierHead head, SentenceEncoder encoder) {
        this.head = head;
        this.encoder = encoder;
        int layers = head.getLayersCount();
        this.weights = new float[layers][];
        this.biases = new float[layers][];
        for (int l = 0; l < layers; l++) {
            weights[l] = floats(head.getLayers(l).getWeightsList());
            biases[l] = floats(head.getLayers(l).getBiasList());
        }
        this.mean = head.getMeanCount() == 0 ? null : floats(head.getMeanList());
        this.scale = head.getMeanCount() == 0 ? null : floats(head.getScaleList());
    }

    /** Parses and checks a head file (protobuf JSON). */
    public static DenseHead read(byte[] json) {
        return of(ClassifierHeads.parse(json));
    }

    /** Checks a head: format, encoder, and that every layer's shape chains. */
    public static DenseHead of(ClassifierHead head) {
        if (!ClassifierHeads.FORMAT.equals(head.getFormat())) {
            throw new IllegalArgumentException("head format is '" + head.getFormat() + "', expected "
                    + ClassifierHeads.FORMAT);
        }
        SentenceEncoder encoder = SentenceEncoder.require(head.getEncoder());
        if (head.getDimensions() != encoder.dimensions()) {
            throw new IllegalArgumentException("head expects " + head.getDimensions() + " dimensions, "
                    + encoder.id() + " gives " + encoder.dimensions());
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
        return new DenseHead(head, encoder);
    }

    public SentenceEncoder encoder() {
        return encoder;
    }

    public List<String> labels() {
        return head.getLabelsList();
    }

    /** The last layer's outputs (logits) for a unit-length embedding. */
    public float[] logits(float[] embedding) {
        float[] values = embedding;
        if (mean != null) {
            values = new float[embedding.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = (embedding[i] - mean[i]) / scale[i];
            }
        }
        for (int l = 0; l < weights.length; l++) {
            DenseLayer layer = head.getLayers(l);
            float[] out = new float[layer.getOutputs()];
            Dense.forward(weights[l], biases[l], values, layer.getInputs(), out, out.length,
                    layer.getActivation() == Activation.RELU);
            values = out;
        }
        return values;
    }

    /** The label with the largest logit. */
    @Override
    public String label(float[] embedding) {
        return head.getLabels(Dense.argmax(logits(embedding)));
    }

    /** Labels of the head that are not among {@code known}, e.g. a dataset's labels. */
    public List<String> labelsOutside(List<String> known) {
        List<String> outside = new ArrayList<>(head.getLabelsList());
        outside.removeAll(known);
        return outside;
    }

    private static float[] floats(List<Float> values) {
        float[] array = new float[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
    }
}
