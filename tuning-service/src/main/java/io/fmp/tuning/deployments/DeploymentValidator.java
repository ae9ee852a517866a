package io.fmp.tuning.deployments;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.guardrails.GuardrailPolicy;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a deployment request field by field and names every bad field at once; what it returns is safe to render
 * into cluster objects (names are DNS labels, URLs absolute http(s) without credentials, secret references in
 * their two shapes).
 */
public final class DeploymentValidator {

    public static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?");
    static final Pattern SECRET_REF = Pattern.compile("env:[A-Z_][A-Z0-9_]{0,99}|k8s:[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?/[A-Za-z0-9._-]{1,253}");
    /** eval-service's dataset and suite names */
    private static final Pattern SUITE = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?");
    static final Pattern UPSTREAM_MODEL = Pattern.compile("[A-Za-z0-9._:/@-]{1,200}");
    static final int MAX_REPLICAS = 100;

    private DeploymentValidator() {
    }

    public static DeploymentPlan check(DeploymentPlan asked) {
        List<FieldViolation> violations = new ArrayList<>();
        if (asked.name() == null || !NAME.matcher(asked.name()).matches()) {
            violations.add(new FieldViolation("name", "must be a DNS label: lower-case letters, digits and '-', at most"
                    + " 40 characters, starting and ending with a letter or digit"));
        }
        if (blank(asked.modelId())) {
            violations.add(new FieldViolation("modelId", "is required: a catalog model version"));
        }
        DeploymentPlan.Executor executor = asked.executor();
        if (executor == null) {
            violations.add(new FieldViolation("executor", "is required: local, kubernetes or external"));
        }
        boolean cluster = executor == DeploymentPlan.Executor.KUBERNETES;
        if (!asked.adapterModelIds().isEmpty() && !cluster) {
            violations.add(new FieldViolation("adapterModelIds", "LoRA adapters are served by vLLM: use kubernetes"));
        }
        if (new HashSet<>(asked.adapterModelIds()).size() != asked.adapterModelIds().size()) {
            violations.add(new FieldViolation("adapterModelIds", "names an adapter twice"));
        }
        resources(asked.resources(), cluster, violations);
        scaling(asked.scaling(), executor, violations);
        traffic(asked.traffic(), cluster, violations);
        external(asked.external(), executor == DeploymentPlan.Executor.EXTERNAL, violations);
        if (asked.fallback() != null && !asked.fallback().isEmpty()) {
            if (!NAME.matcher(asked.fallback()).matches()) {
                violations.add(new FieldViolation("fallback", "must be the name of another deployment (a DNS label)"));
            } else if (asked.fallback().equals(asked.name())) {
                violations.add(new FieldViolation("fallback", "must be another deployment, not this one"));
            }
        }
        if (asked.guardrails() != null && asked.guardrails().piiProblem() != null) {
            violations.add(new FieldViolation("guardrails.pii", asked.guardrails().piiProblem()));
        }
        capture(asked.capture(), violations);
        if (asked.maxModelLen() < 0 || asked.maxModelLen() > 1_048_576) {
            violations.add(new FieldViolation("maxModelLen", "must be between 0 (the model's context window) and 1048576"));
        } else if (asked.maxModelLen() > 0 && !cluster) {
            violations.add(new FieldViolation("maxModelLen", "is a vLLM setting: only for kubernetes"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        DeploymentPlan.Traffic traffic = asked.traffic() == null || blank(asked.traffic().canaryModelId())
                ? DeploymentPlan.Traffic.NONE : asked.traffic();
        return new DeploymentPlan(asked.name(), asked.modelId(), asked.adapterModelIds(), executor,
                asked.resources() == null ? new DeploymentPlan.Resources(0, null, null, null) : asked.resources(),
                withDefaults(asked.scaling()), traffic, executor == DeploymentPlan.Executor.EXTERNAL ? asked.external() : null,
                blank(asked.fallback()) ? null : asked.fallback(), asked.maxModelLen(),
                asked.guardrails() == null ? GuardrailPolicy.OFF : asked.guardrails(),
                asked.capture() == null || asked.capture().sampleRate() == 0 ? null : new DeploymentPlan.Capture(
                        asked.capture().sampleRate(), blank(asked.capture().suite()) ? null : asked.capture().suite(),
                        asked.capture().window() == 0 ? DeploymentPlan.Capture.DEFAULT_WINDOW : asked.capture().window()));
    }

    private static void capture(DeploymentPlan.Capture c, List<FieldViolation> violations) {
        if (c == null) {
            return;
        }
        if (!(c.sampleRate() >= 0 && c.sampleRate() <= 1)) {
            violations.add(new FieldViolation("capture.sampleRate", "must be between 0 (off) and 1 (every request)"));
        }
        if (c.window() != 0 && (c.window() < 20 || c.window() > 5_000)) {
            violations.add(new FieldViolation("capture.window", "must be between 20 and 5000 inputs (0: "
                    + DeploymentPlan.Capture.DEFAULT_WINDOW + ")"));
        }
        if (c.suite() != null && !c.suite().isEmpty() && !SUITE.matcher(c.suite()).matches()) {
            violations.add(new FieldViolation("capture.suite", "must be an eval-service suite name"));
        }
    }

    /** Checks a change of replicas alone (ScaleDeployment). */
    public static DeploymentPlan.Scaling checkScaling(DeploymentPlan.Scaling scaling, DeploymentPlan.Executor executor) {
        List<FieldViolation> violations = new ArrayList<>();
        scaling(scaling, executor, violations);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return withDefaults(scaling);
    }

    private static DeploymentPlan.Scaling withDefaults(DeploymentPlan.Scaling s) {
        if (s == null) {
            return new DeploymentPlan.Scaling(1, 1, false, 5);
        }
        int min = s.minReplicas();
        int max = s.maxReplicas() == 0 ? Math.max(1, min) : s.maxReplicas();
        return new DeploymentPlan.Scaling(min == 0 && !s.scaleToZero() ? 1 : min, max, s.scaleToZero(),
                s.waitingRequestsTarget() == 0 ? 5 : s.waitingRequestsTarget());
    }

    private static void resources(DeploymentPlan.Resources r, boolean cluster, List<FieldViolation> violations) {
        if (r == null) {
            return;
        }
        if (!cluster && (r.gpuCount() != 0 || !blank(r.gpuProduct()))) {
            violations.add(new FieldViolation("resources", "GPUs are for kubernetes deployments; local ones run on the"
                    + " service's CPUs, external ones elsewhere"));
        }
        if (r.gpuCount() < 0 || r.gpuCount() > 8 || Integer.bitCount(Math.max(r.gpuCount(), 1)) != 1) {
            violations.add(new FieldViolation("resources.gpuCount", "must be 0 (the fit estimate's), 1, 2, 4 or 8"
                    + " (vLLM's tensor parallel size)"));
        }
        if (!blank(r.memory()) && !QUANTITY.matcher(r.memory()).matches()) {
            violations.add(new FieldViolation("resources.memory", "must be a Kubernetes quantity such as 64Gi"));
        }
        if (!blank(r.cpu()) && !QUANTITY.matcher(r.cpu()).matches()) {
            violations.add(new FieldViolation("resources.cpu", "must be a Kubernetes quantity such as 8 or 500m"));
        }
    }

    private static void scaling(DeploymentPlan.Scaling s, DeploymentPlan.Executor executor,
                                List<FieldViolation> violations) {
        if (s == null) {
            return;
        }
        if (s.minReplicas() < 0 || s.minReplicas() > MAX_REPLICAS) {
            violations.add(new FieldViolation("scaling.minReplicas", "must be between 0 and " + MAX_REPLICAS));
        } else if (s.minReplicas() == 0 && s.scaleToZero() && executor != DeploymentPlan.Executor.KUBERNETES) {
            violations.add(new FieldViolation("scaling.scaleToZero", "only kubernetes deployments scale to zero"));
        }
        if (s.maxReplicas() < 0 || s.maxReplicas() > MAX_REPLICAS) {
            violations.add(new FieldViolation("scaling.maxReplicas", "must be between 1 and " + MAX_REPLICAS
                    + " (0: minReplicas)"));
        } else if (s.maxReplicas() != 0 && s.maxReplicas() < s.minReplicas()) {
            violations.add(new FieldViolation("scaling.maxReplicas", "must not be below minReplicas"));
        }
        if (s.waitingRequestsTarget() < 0 || s.waitingRequestsTarget() > 10_000) {
            violations.add(new FieldViolation("scaling.waitingRequestsTarget", "must be between 0 (5) and 10000"));
        }
    }

    private static void traffic(DeploymentPlan.Traffic t, boolean cluster, List<FieldViolation> violations) {
        if (t == null) {
            return;
        }
        if (t.canaryPercent() < 0 || t.canaryPercent() > 99) {
            violations.add(new FieldViolation("traffic.canaryPercent", "must be between 0 and 99"));
        }
        if (blank(t.canaryModelId()) != (t.canaryPercent() == 0)) {
            violations.add(new FieldViolation("traffic", "a canary needs both canaryModelId and canaryPercent"));
        } else if (!blank(t.canaryModelId()) && !cluster) {
            violations.add(new FieldViolation("traffic.canaryModelId", "canaries are for kubernetes deployments"));
        }
    }

    private static void external(DeploymentPlan.External e, boolean external, List<FieldViolation> violations) {
        boolean given = e != null && (!blank(e.url()) || !blank(e.upstreamModel()) || !blank(e.secretRef()));
        if (!external) {
            if (given) {
                violations.add(new FieldViolation("external", "is only for the external executor"));
            }
            return;
        }
        if (e == null || blank(e.url())) {
            violations.add(new FieldViolation("external.url", "is required: the endpoint's OpenAI base URL"));
        } else if (!httpUrl(e.url())) {
            violations.add(new FieldViolation("external.url", "must be an absolute http(s) URL without credentials,"
                    + " query or fragment"));
        }
        if (e != null && !blank(e.upstreamModel()) && !UPSTREAM_MODEL.matcher(e.upstreamModel()).matches()) {
            violations.add(new FieldViolation("external.upstreamModel", "must be 1-200 letters, digits or ._:/@-"));
        }
        if (e != null && !blank(e.secretRef()) && !SECRET_REF.matcher(e.secretRef()).matches()) {
            violations.add(new FieldViolation("external.secretRef", "must be env:<VARIABLE> or k8s:<secret>/<key>"
                    + " (a reference, never the secret)"));
        }
    }

    static boolean httpUrl(String url) {
        try {
            URI uri = new URI(url);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
