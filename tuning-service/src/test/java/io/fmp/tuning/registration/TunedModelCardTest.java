package io.fmp.tuning.registration;

import io.fmp.contracts.catalog.v1.ApiPricing;
import io.fmp.contracts.catalog.v1.ArtifactKind;
import io.fmp.contracts.catalog.v1.DeploymentOption;
import io.fmp.contracts.catalog.v1.ModelFacts;
import io.fmp.contracts.catalog.v1.TrainingDataTransparency;
import io.fmp.contracts.catalog.v1.ModelCardSpec;
import io.fmp.tuning.jobs.ExecutorKind;
import io.fmp.tuning.jobs.JobSpec;
import io.fmp.tuning.jobs.TuningMethod;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TunedModelCardTest {

    @Test
    void aTunedAdapterCarriesItsLineageAndEverythingToReproduceIt() {
        JobSpec spec = new JobSpec(new JobSpec.Base("base-id", "Granite 3.1 8B", "3.1", "IBM", "apache-2.0",
                8_170_000_000L, 128_000, null, "ibm-granite/granite-3.1-8b-instruct"), TuningMethod.QLORA,
                new JobSpec.DatasetRef("support", 3), new JobSpec.Splits("", "", 0.8, 0.1, 0.1, 99),
                new JobSpec.Hyperparameters(2e-4, 3, 4, 4, 1024, 0, 0, 0, 42),
                new JobSpec.Lora(16, 32, 0.05, List.of("q_proj"), true, "nf4"),
                new JobSpec.EarlyStopping(0, "eval_loss", 0, false), new JobSpec.Resources(1, null, null, null),
                ExecutorKind.KUBERNETES, null, 0, "support-suite", "Support bot");
        ModelFacts granite = ModelFacts.newBuilder().setFamily("Granite").addLanguages("en")
                .addDeploymentOptions(DeploymentOption.ON_PREM).addDeploymentOptions(DeploymentOption.CLOUD)
                .setTrainingData(TrainingDataTransparency.TRAINING_DATA_FULL).setIpIndemnity(true)
                .setApiPrice(ApiPricing.newBuilder().setUsdPerMillionInput(0.2).setUsdPerMillionOutput(0.2))
                .setSourceUrl("https://huggingface.co/ibm-granite/granite-3.1-8b-instruct").build();
        ModelCardSpec card = TunedModelCard.of("0123456789abcdef", spec, granite, "pvc://ws/jobs/0123456789abcdef/output",
                "ab".repeat(32), Map.of("eval_loss", 1.25, "gpu_seconds", 600.0), 0, "tuning-service 1.0, image trl");

        assertEquals("job-01234567", card.getVersion());
        assertEquals(List.of("text-generation"), card.getTasksList());
        assertEquals(ArtifactKind.ADAPTER, card.getLineage().getArtifactKind());
        assertEquals("base-id", card.getLineage().getBaseModelId());
        assertEquals("0123456789abcdef", card.getLineage().getTuningJobId());
        assertEquals("99", card.getPropertiesOrThrow("fmp:tuning.split-seed"));
        assertEquals("support@3", card.getPropertiesOrThrow("fmp:tuning.dataset"));
        assertEquals("{\"eval_loss\":1.25,\"gpu_seconds\":600.0}", card.getPropertiesOrThrow("fmp:tuning.metrics"));
        assertTrue(card.getPropertiesOrThrow("fmp:tuning.lora").contains("\"loadIn4bit\":true"));
        assertEquals(List.of(DeploymentOption.ON_PREM, DeploymentOption.CLOUD),
                card.getFacts().getDeploymentOptionsList(), "deployable where its base is");
        assertEquals(TrainingDataTransparency.TRAINING_DATA_FULL, card.getFacts().getTrainingData());
        assertEquals("Granite", card.getFacts().getFamily());
        assertFalse(card.getFacts().getIpIndemnity(), "the provider's indemnity does not cover a derivative");
        assertFalse(card.getFacts().hasApiPrice(), "a tuned model is not the provider's hosted API");
        assertEquals(List.of("tuned"), card.getFacts().getTagsList());
        assertFalse(card.getFacts().hasHardware() || card.getFacts().hasShape(), "none where the base has none");
        assertEquals(0, card.getEndpointsCount(), "an adapter is served once someone deploys it");
        assertTrue(card.getDocumentation().contains("| eval_loss | 1.2500 |\n| gpu_seconds | 600 |"),
                card.getDocumentation());
    }
}
