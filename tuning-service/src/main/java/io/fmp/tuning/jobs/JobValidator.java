package io.fmp.tuning.jobs;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.tuning.datasets.DatasetSummary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a job request against its base model and dataset and fills in the method's defaults;
 * then places a GPU job on a GPU profile its memory fits. Every problem is reported at once, with
 * the field it concerns; nothing is queued on bad input.
 */
public final class JobValidator {

    static final long MAX_EXAMPLES = 2_000_000;
    private static final Pattern QUEUE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(m|k|Ki|M|Mi|G|Gi|T|Ti)?");
    /** A module of a PyTorch model: dotted identifiers; never starts with "-", so it cannot pass for a trainer flag. */
    private static final Pattern MODULE_NAME = Pattern.compile("(?=.{1,100}$)[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*");

    /**
     * What validation knows beyond the request.
     *
     * @param promptTuningTrainer whether a prompt-tuning command is configured
     * @param modelSources        where GPU jobs may load base models from
     */
    public record Facts(BaseModelFacts base, DatasetSummary dataset, boolean suiteExists,
                        boolean promptTuningTrainer, ModelSources modelSources) {
    }

    private JobValidator() {
    }

    public static JobSpec validate(JobRequest request, Facts facts) {
        List<FieldViolation> violations = new ArrayList<>();
        BaseModelFacts base = facts.base();
        if (request.baseModelId() == null || request.baseModelId().isBlank()) {
            violations.add(new FieldViolation("baseModelId", "is required"));
        } else if (base == null) {
            violations.add(new FieldViolation("baseModelId", "is not a model in the catalog"));
        } else if ("retired".equals(base.lifecycleState())) {
            violations.add(new FieldViolation("baseModelId", base.name() + " " + base.version() + " is retired"));
        }
        TuningMethod method = request.method();
        if (method == null) {
            violations.add(new FieldViolation("method", "is required: classifier-head, prompt-tuning, lora, qlora or full"));
        }
        if (base != null && method != null) {
            checkMethodFitsModel(method, base, facts, violations);
        }
        ExecutorKind executor = request.executor() != null ? request.executor()
                : method != null && method.generative() ? ExecutorKind.KUBERNETES : ExecutorKind.LOCAL;
        if (method != null && method.generative() && executor == ExecutorKind.LOCAL) {
            violations.add(new FieldViolation("executor", method.word() + " trains a decoder on GPUs: use kubernetes"));
        }
        if (method == TuningMethod.CLASSIFIER_HEAD && executor == ExecutorKind.KUBERNETES) {
            violations.add(new FieldViolation("executor", "classifier heads train here, on the CPU: use local"));
        }

        DatasetSummary dataset = facts.dataset();
        JobSpec.Splits splits = null;
        if (request.datasetName() == null || request.datasetName().isBlank()) {
            violations.add(new FieldViolation("dataset.name", "is required"));
        } else if (dataset == null) {
            violations.add(new FieldViolation("dataset.name", "no dataset " + request.datasetName()
                    + (request.datasetVersion() == 0 ? "" : " version " + request.datasetVersion())
                    + " in eval-service (upload it through the dataset API first)"));
        } else {
            splits = splits(request.splits(), dataset, violations);
            if (dataset.examples() > MAX_EXAMPLES) {
                violations.add(new FieldViolation("dataset.name", "has " + dataset.examples()
                        + " examples; at most " + MAX_EXAMPLES + " per job"));
            }
            if (method == TuningMethod.CLASSIFIER_HEAD && dataset.labelCount() < 2) {
                violations.add(new FieldViolation("dataset.name", "a classifier head needs labelled rows with at least"
                        + " 2 labels; the dataset has " + dataset.labelCount()));
            }
            if (method != null && method.generative() && dataset.withReferences() > 0
                    && dataset.withReferences() < dataset.examples()) {
                violations.add(new FieldViolation("dataset.name", (dataset.examples() - dataset.withReferences())
                        + " of " + dataset.examples() + " rows have no completion (reference, completion or a final "
                        + "assistant turn): give every row one (prompt / completion or chat) or none (plain text)"));
            }
        }

        JobSpec.Hyperparameters hyperparameters = hyperparameters(request.hyperparameters(), method, violations);
        JobSpec.Lora lora = lora(request.lora(), method, violations);
        JobSpec.EarlyStopping early = earlyStopping(request.earlyStopping(), method, violations);
        if (early != null && early.patience() > 0 && splits != null && !splits.named() && splits.validationRatio() == 0) {
            violations.add(new FieldViolation("earlyStopping.patience", "needs a validation split"));
        }
        if (early != null && early.refit() && early.patience() == 0 && request.earlyStopping() != null
                && Boolean.TRUE.equals(request.earlyStopping().refit())) {
            violations.add(new FieldViolation("earlyStopping.refit", "needs early stopping (patience > 0) to choose"
                    + " the epoch count"));
        }
        JobSpec.Resources resources = resources(request.resources(), executor, violations);

        if (request.queue() != null && !request.queue().isEmpty() && !QUEUE.matcher(request.queue()).matches()) {
            violations.add(new FieldViolation("queue", "must be a Kubernetes name (lower-case letters, digits, '-')"));
        }
        if (request.priority() < -1000 || request.priority() > 1000) {
            violations.add(new FieldViolation("priority", "must be between -1000 and 1000"));
        }
        if (request.evalSuite() != null && !request.evalSuite().isEmpty() && !facts.suiteExists()) {
            violations.add(new FieldViolation("evalSuite", "no suite " + request.evalSuite() + " in eval-service"));
        }
        if (request.outputName() != null && request.outputName().length() > 150) {
            violations.add(new FieldViolation("outputName", "must be at most 150 characters"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        String output = request.outputName() == null || request.outputName().isBlank()
                ? base.name() + " (" + method.word() + ")" : request.outputName();
        return new JobSpec(new JobSpec.Base(base.id(), base.name(), base.version(), base.provider(), base.license(),
                base.parameterCount(), base.contextWindow(), base.embeddedEncoder(), base.huggingFaceRepository()), method,
                new JobSpec.DatasetRef(dataset.name(), dataset.version()), splits,
                hyperparameters, lora, early, resources, executor,
                request.queue() == null || request.queue().isEmpty() ? null : request.queue(), request.priority(),
                request.evalSuite() == null || request.evalSuite().isEmpty() ? null : request.evalSuite(), output);
    }

    private static void checkMethodFitsModel(TuningMethod method, BaseModelFacts base, Facts facts,
                                             List<FieldViolation> violations) {
        switch (method) {
            case CLASSIFIER_HEAD -> {
                if (base.embeddedEncoder() == null) {
                    violations.add(new FieldViolation("method", "a classifier head needs a sentence encoder the "
                            + "platform runs (an embedded-encoder endpoint); " + base.name() + " has none"));
                }
            }
            case QLORA -> {
                if (!base.decoder()) {
                    violations.add(new FieldViolation("method", "QLoRA quantises a decoder to 4 bits; " + base.name()
                            + " is " + (base.architecture() == null ? "not a text-generation decoder" : "an "
                            + base.architecture())));
                }
            }
            case LORA, FULL, PROMPT_TUNING -> {
                if (!base.decoder()) {
                    violations.add(new FieldViolation("method", method.word() + " fine-tunes a text-generation "
                            + "decoder; " + base.name() + " is " + (base.architecture() == null ? "not one"
                            : "an " + base.architecture())));
                }
                if (method == TuningMethod.PROMPT_TUNING && !facts.promptTuningTrainer()) {
                    violations.add(new FieldViolation("method", "prompt-tuning needs a trainer command for it "
                            + "(fmp.tuning.kubernetes.prompt-tuning-command); none is configured"));
                }
            }
        }
        String repository = base.huggingFaceRepository();
        if (method.generative() && repository == null) {
            violations.add(new FieldViolation("baseModelId", "the GPU trainer loads weights from Hugging Face; "
                    + base.name() + "'s card names no repository (facts.sourceUrl https://huggingface.co/<org>/<model>)"));
        } else if (method.generative() && !facts.modelSources().allows(repository)) {
            // the trainer downloads and loads whatever the repository holds: only from sources the operator trusts
            violations.add(new FieldViolation("baseModelId", "GPU jobs load base models only from the sources the "
                    + "operator allows; " + repository + " is not one of them (" + facts.modelSources().describe() + ")"));
        }
    }

    private static JobSpec.Splits splits(JobRequest.SplitRequest given, DatasetSummary dataset,
                                         List<FieldViolation> violations) {
        JobRequest.SplitRequest s = given == null ? new JobRequest.SplitRequest("", "", 0, 0, 0, 0) : given;
        long seed = s.seed() == 0 ? 42 : s.seed();
        String train = s.trainSplit() == null ? "" : s.trainSplit();
        boolean ratiosGiven = s.trainRatio() != 0 || s.validationRatio() != 0 || s.testRatio() != 0;
        if (train.isEmpty() && !ratiosGiven && dataset.splits().containsKey("train")) {
            // the dataset's own splits, as eval suites use them: no test example is ever trained on
            train = "train";
            return new JobSpec.Splits(train, dataset.splits().containsKey("validation") ? "validation" : "", 0, 0, 0,
                    seed);
        }
        if (!train.isEmpty()) {
            if (ratiosGiven) {
                violations.add(new FieldViolation("splits", "give split names or ratios, not both"));
            }
            if (!dataset.splits().containsKey(train)) {
                violations.add(new FieldViolation("splits.trainSplit", "dataset has no split '" + train + "'; it has "
                        + dataset.splits().keySet()));
            }
            String validation = s.validationSplit() == null ? "" : s.validationSplit();
            if (!validation.isEmpty() && (!dataset.splits().containsKey(validation) || validation.equals(train))) {
                violations.add(new FieldViolation("splits.validationSplit", "must be another split of the dataset; "
                        + "it has " + dataset.splits().keySet()));
            }
            return new JobSpec.Splits(train, validation, 0, 0, 0, seed);
        }
        double tr = ratiosGiven ? s.trainRatio() : 0.8;
        double va = ratiosGiven ? s.validationRatio() : 0.1;
        double te = ratiosGiven ? s.testRatio() : 0.1;
        if (tr <= 0 || va < 0 || te < 0 || Math.abs(tr + va + te - 1) > 1e-9) {
            violations.add(new FieldViolation("splits", "ratios must be non-negative, train above 0, and add up to 1"));
        }
        return new JobSpec.Splits("", "", tr, va, te, seed);
    }

    private static JobSpec.Hyperparameters hyperparameters(JobRequest.HyperparameterRequest h, TuningMethod method,
                                                           List<FieldViolation> violations) {
        JobRequest.HyperparameterRequest r = h == null ? new JobRequest.HyperparameterRequest(0, 0, 0, 0, 0, 0, 0, 0, 0) : h;
        boolean head = method == TuningMethod.CLASSIFIER_HEAD;
        double defaultRate = switch (method == null ? TuningMethod.LORA : method) {
            case CLASSIFIER_HEAD -> 0.01;
            case PROMPT_TUNING -> 0.03;
            case LORA, QLORA -> 2e-4;
            case FULL -> 2e-5;
        };
        range(violations, "hyperparameters.learningRate", r.learningRate(), 0, 1);
        range(violations, "hyperparameters.epochs", r.epochs(), 0, 1000);
        range(violations, "hyperparameters.batchSize", r.batchSize(), 0, 4096);
        range(violations, "hyperparameters.gradientAccumulation", r.gradientAccumulation(), 0, 1024);
        range(violations, "hyperparameters.maxSequenceLength", r.maxSequenceLength(), 0, 131_072);
        range(violations, "hyperparameters.weightDecay", r.weightDecay(), 0, 1);
        range(violations, "hyperparameters.hiddenUnits", r.hiddenUnits(), 0, 4096);
        range(violations, "hyperparameters.l2", r.l2(), 0, 1);
        if (!head && r.hiddenUnits() != 0) {
            violations.add(new FieldViolation("hyperparameters.hiddenUnits", "applies to classifier heads only"));
        }
        return new JobSpec.Hyperparameters(or(r.learningRate(), defaultRate), or(r.epochs(), head ? 100 : 3),
                or(r.batchSize(), head ? 64 : 4), or(r.gradientAccumulation(), head ? 1 : 4),
                or(r.maxSequenceLength(), head ? 256 : 1024), r.weightDecay(), r.hiddenUnits(),
                head && r.l2() == 0 ? 1e-5 : r.l2(), r.seed() == 0 ? 42 : r.seed());
    }

    private static JobSpec.Lora lora(JobRequest.LoraRequest l, TuningMethod method, List<FieldViolation> violations) {
        boolean wanted = method == TuningMethod.LORA || method == TuningMethod.QLORA;
        if (!wanted) {
            if (l != null && l.given()) {
                violations.add(new FieldViolation("lora", "applies to lora and qlora jobs only"));
            }
            return null;
        }
        JobRequest.LoraRequest r = l == null ? new JobRequest.LoraRequest(false, 0, 0, 0, List.of(), false, "") : l;
        range(violations, "lora.r", r.r(), 0, 1024);
        range(violations, "lora.alpha", r.alpha(), 0, 4096);
        range(violations, "lora.dropout", r.dropout(), 0, 0.9);
        String quant = r.quantType() == null || r.quantType().isEmpty() ? "nf4" : r.quantType();
        if (!quant.equals("nf4") && !quant.equals("fp4")) {
            violations.add(new FieldViolation("lora.quantType", "must be nf4 or fp4"));
        }
        if (method == TuningMethod.LORA && r.loadIn4bit()) {
            violations.add(new FieldViolation("lora.loadIn4bit", "4-bit weights make it a qlora job: use method qlora"));
        }
        for (int i = 0; i < r.targetModules().size(); i++) {
            String module = r.targetModules().get(i);
            if (!module.equals("all-linear") && !MODULE_NAME.matcher(module).matches()) {
                violations.add(new FieldViolation("lora.targetModules[" + i + "]", "must be a module name (a dotted"
                        + " Python identifier such as q_proj or model.layers.0.mlp, at most 100 characters) or all-linear"));
            }
        }
        return new JobSpec.Lora(or(r.r(), 16), or(r.alpha(), 32), r.dropout() == 0 ? 0.05 : r.dropout(),
                r.targetModules(), method == TuningMethod.QLORA, quant);
    }

    private static JobSpec.EarlyStopping earlyStopping(JobRequest.EarlyStoppingRequest e, TuningMethod method,
                                                       List<FieldViolation> violations) {
        JobRequest.EarlyStoppingRequest r = e == null ? new JobRequest.EarlyStoppingRequest(-1, "", 0, null) : e;
        String metric = r.metric() == null || r.metric().isEmpty() ? "eval_loss" : r.metric();
        if (!metric.equals("eval_loss") && !metric.equals("eval_accuracy")) {
            violations.add(new FieldViolation("earlyStopping.metric", "must be eval_loss or eval_accuracy"));
        }
        if (metric.equals("eval_accuracy") && method != null && method.generative()) {
            violations.add(new FieldViolation("earlyStopping.metric", "eval_accuracy is measured for classifier heads"));
        }
        range(violations, "earlyStopping.patience", r.patience(), -1, 100);
        range(violations, "earlyStopping.minDelta", r.minDelta(), 0, 1);
        // heads stop early by default; TRL jobs train their epochs unless asked
        int patience = r.patience() >= 0 ? r.patience() : method == TuningMethod.CLASSIFIER_HEAD ? 6 : 0;
        if (Boolean.TRUE.equals(r.refit()) && method != null && method != TuningMethod.CLASSIFIER_HEAD) {
            violations.add(new FieldViolation("earlyStopping.refit", "only classifier heads are refitted"));
        }
        // a head refits by default: on Banking77 that measured 0.926 against 0.920 (docs/bench/tuning.md)
        boolean refit = r.refit() != null ? r.refit() : method == TuningMethod.CLASSIFIER_HEAD;
        return new JobSpec.EarlyStopping(patience, metric, r.minDelta(), refit);
    }

    private static JobSpec.Resources resources(JobRequest.ResourceRequest r, ExecutorKind executor,
                                               List<FieldViolation> violations) {
        JobRequest.ResourceRequest given = r == null ? new JobRequest.ResourceRequest(0, "", "", "") : r;
        if (executor == ExecutorKind.LOCAL && (given.gpuCount() > 0 || !blank(given.gpuProduct()))) {
            violations.add(new FieldViolation("resources", "local jobs run on the CPU; GPUs are for kubernetes jobs"));
        }
        range(violations, "resources.gpuCount", given.gpuCount(), 0, 8);
        if (!blank(given.memory()) && !QUANTITY.matcher(given.memory()).matches()) {
            violations.add(new FieldViolation("resources.memory", "must be a Kubernetes quantity, e.g. 64Gi"));
        }
        if (!blank(given.cpu()) && !QUANTITY.matcher(given.cpu()).matches()) {
            violations.add(new FieldViolation("resources.cpu", "must be a Kubernetes quantity, e.g. 8 or 500m"));
        }
        // the GPU itself is placed once the memory need is known
        return new JobSpec.Resources(given.gpuCount(), null, blank(given.memory()) ? null : given.memory(),
                blank(given.cpu()) ? null : given.cpu());
    }

    /**
     * Places a GPU job: the requested profile when the need fits it, else (none requested) the
     * cheapest per hour among those it fits. MIG slices are never combined.
     *
     * @param neededGb GPU memory the job needs in all
     * @param profile  the requested profile name, "" for the cheapest that fits
     */
    public static JobSpec placeGpu(JobSpec spec, double neededGb, String profile, List<JobSpec.Gpu> gpus) {
        return spec.withResources(placeGpu(spec.resources(), neededGb, profile, gpus, "job"));
    }

    /**
     * Places a GPU workload (a tuning job, a deployment's replica): as above, for its resources.
     *
     * @param what the workload in words, for the refusal ("job", "deployment")
     */
    public static JobSpec.Resources placeGpu(JobSpec.Resources requested, double neededGb, String profile,
                                             List<JobSpec.Gpu> gpus, String what) {
        int requestedCount = requested.gpuCount();
        List<JobSpec.Gpu> candidates = profile == null || profile.isEmpty() ? gpus
                : gpus.stream().filter(g -> g.name().equals(profile)).toList();
        if (candidates.isEmpty()) {
            throw new InvalidInputException("resources.gpuProduct", "unknown GPU profile '" + profile + "'; known: "
                    + gpus.stream().map(JobSpec.Gpu::name).toList());
        }
        Optional<Placement> best = candidates.stream()
                .map(g -> new Placement(g, requestedCount > 0 ? requestedCount : countFor(neededGb, g)))
                .filter(p -> p.count() > 0 && (!p.gpu().migSlice() || p.count() == 1)
                        && neededGb <= 0.9 * p.gpu().memoryGb() * p.count())
                .min(Comparator.comparingDouble((Placement p) -> p.gpu().usdPerHour() * p.count())
                        .thenComparing(p -> p.gpu().name()));
        if (best.isEmpty()) {
            JobSpec.Gpu asked = candidates.get(0);
            int count = asked.migSlice() ? 1 : requestedCount > 0 ? requestedCount : 8;
            String offer = asked.migSlice()
                    ? String.format(java.util.Locale.ROOT, "one %s slice gives %.0f GB (%.1f usable); MIG slices are"
                    + " not combined", asked.name(), asked.memoryGb(), 0.9 * asked.memoryGb())
                    : String.format(java.util.Locale.ROOT, "%d x %s give %.0f GB (%.1f usable)", count, asked.name(),
                    asked.memoryGb() * count, 0.9 * asked.memoryGb() * count);
            throw new InvalidInputException(profile == null || profile.isEmpty() ? "resources" : "resources.gpuProduct",
                    String.format(java.util.Locale.ROOT, "the %s needs about %.1f GB of GPU memory; %s", what, neededGb,
                            profile == null || profile.isEmpty() ? "no catalog GPU profile holds it on up to 8 GPUs"
                                    : offer));
        }
        Placement p = best.get();
        return new JobSpec.Resources(p.count(), p.gpu(), requested.memory(), requested.cpu());
    }

    private record Placement(JobSpec.Gpu gpu, int count) {
    }

    /** The smallest power of two of this GPU that holds the need (0: not even 8 do). */
    private static int countFor(double neededGb, JobSpec.Gpu gpu) {
        for (int count = 1; count <= (gpu.migSlice() ? 1 : 8); count *= 2) {
            if (neededGb <= 0.9 * gpu.memoryGb() * count) {
                return count;
            }
        }
        return 0;
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static int or(int value, int fallback) {
        return value == 0 ? fallback : value;
    }

    private static double or(double value, double fallback) {
        return value == 0 ? fallback : value;
    }

    private static void range(List<FieldViolation> violations, String field, double value, double min, double max) {
        if (Double.isNaN(value) || value < min || value > max) {
            violations.add(new FieldViolation(field, "must be between " + format(min) + " and " + format(max)
                    + ", was " + format(value)));
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
