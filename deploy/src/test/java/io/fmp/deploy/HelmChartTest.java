package io.fmp.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Renders and lints the umbrella chart with real Helm for every environment's values. */
class HelmChartTest {

    static final Path CHART = Path.of(System.getProperty("fmp.repository.root", ".."), "deploy", "helm", "fmp");
    static final Set<String> SERVICES = Set.of("gateway", "catalog-service", "eval-service", "tuning-service",
            "governance-service");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @ParameterizedTest
    @ValueSource(strings = {"values-onprem.yaml", "values-cloud.yaml", "values-hybrid.yaml"})
    void chartLintsStrictlyWithTheEnvironmentsValues(String valuesFile, @TempDir Path work) throws IOException {
        // helm-java's lint takes no values files: lint a copy whose values.yaml is the merged result
        Path chart = copyChart(work);
        JsonNode merged = merge(YAML.readTree(CHART.resolve("values.yaml").toFile()),
                YAML.readTree(CHART.resolve(valuesFile).toFile()));
        YAML.writeValue(chart.resolve("values.yaml").toFile(), merged);

        LintResult lint = new Helm(chart).lint().strict().call();

        assertFalse(lint.isFailed(), () -> String.join("\n", lint.getMessages()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"values-onprem.yaml", "values-cloud.yaml", "values-hybrid.yaml"})
    void everyServiceGetsADeploymentServiceAndConfigMapThatKubernetesAccepts(String valuesFile) throws IOException {
        List<HasMetadata> objects = render(valuesFile);
        JsonNode values = merge(YAML.readTree(CHART.resolve("values.yaml").toFile()),
                YAML.readTree(CHART.resolve(valuesFile).toFile()));

        for (String service : SERVICES) {
            String name = "fmp-" + service;
            JsonNode svcValues = values.path("services").path(service);
            Deployment deployment = find(objects, Deployment.class, name);
            assertEquals(svcValues.path("replicas").asInt(), deployment.getSpec().getReplicas());
            Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
            assertEquals("true", annotations.get("prometheus.io/scrape"));
            assertEquals("/q/metrics", annotations.get("prometheus.io/path"));
            // health and metrics on the management port, which the Service does not expose
            assertEquals("9000", annotations.get("prometheus.io/port"));
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertEquals(values.path("global").path("imageRegistry").asText() + "/" + service + ":0.1.0",
                    container.getImage());
            assertEquals("/q/health/ready", container.getReadinessProbe().getHttpGet().getPath());
            assertEquals("/q/health/live", container.getLivenessProbe().getHttpGet().getPath());
            assertEquals("/q/health/started", container.getStartupProbe().getHttpGet().getPath());
            assertEquals("management", container.getReadinessProbe().getHttpGet().getPort().getStrVal());
            assertEquals("management", container.getLivenessProbe().getHttpGet().getPort().getStrVal());
            assertNotNull(container.getResources().getRequests().get("memory"));
            assertEquals(Boolean.FALSE, container.getSecurityContext().getAllowPrivilegeEscalation());
            assertEquals(name, container.getEnvFrom().get(0).getConfigMapRef().getName());

            Service k8sService = find(objects, Service.class, name);
            assertEquals(deployment.getSpec().getSelector().getMatchLabels(), k8sService.getSpec().getSelector());

            ConfigMap config = find(objects, ConfigMap.class, name);
            assertEquals(svcValues.path("httpPort").asText(), config.getData().get("QUARKUS_HTTP_PORT"));
            String database = svcValues.path("database").asText();
            if (!database.isEmpty()) {
                assertTrue(config.getData().get("FMP_DB_URL").contains("/" + database + "?"));
                if (!service.equals("gateway")) {
                    assertEquals(values.path("global").path("kafka").path("bootstrapServers").asText(),
                            config.getData().get("FMP_KAFKA_BOOTSTRAP"));
                    // three replicas, two in sync for every acknowledged write
                    assertEquals("3", config.getData().get("FMP_KAFKA_TOPIC_REPLICATION"));
                    assertEquals("2", config.getData().get("FMP_KAFKA_MIN_INSYNC_REPLICAS"));
                }
                // one database user per service, its credentials from its own Secret, never in values or the ConfigMap
                assertEquals("fmp-db-" + service.replace("-service", ""), container.getEnv().stream()
                        .filter(e -> e.getName().equals("FMP_DB_PASSWORD")).findFirst().orElseThrow()
                        .getValueFrom().getSecretKeyRef().getName());
                assertFalse(config.getData().containsKey("FMP_DB_PASSWORD"));
                // TLS to PostgreSQL, the server's certificate and name checked against the mounted CA
                assertTrue(config.getData().get("FMP_DB_URL").endsWith(
                        "?sslmode=verify-full&sslrootcert=/etc/fmp/postgres-ca/ca.crt"), config.getData().get("FMP_DB_URL"));
                assertTrue(container.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/etc/fmp/postgres-ca")
                        && m.getReadOnly()));
            }
        }
        boolean gpuJobs = values.path("tuning").path("kubernetes").path("enabled").asBoolean();
        boolean gpuServing = values.path("serving").path("kubernetes").path("enabled").asBoolean();
        assertEquals(SERVICES.size() * 4 + (gpuJobs || gpuServing ? 1 : 0) + (gpuJobs ? 2 : 0) + (gpuServing ? 2 : 0),
                objects.size(), "the four objects per service (with its disruption budget; the helm test's pod is a"
                        + " hook, not rendered), and tuning-service's account with a role and binding"
                        + " where it runs GPU jobs, another pair where it deploys models on the cluster");
    }

    @Test
    void kafkaLinksAreMutualTlsOnPremisesAndScramOverTlsInTheCloudWithEveryCredentialFromASecret() throws IOException {
        // on-premises: Strimzi's TLS listener, the client certificate of a KafkaUser
        List<HasMetadata> onprem = render("values-onprem.yaml");
        Map<String, String> config = find(onprem, ConfigMap.class, "fmp-eval-service").getData();
        assertEquals("SSL", config.get("KAFKA_SECURITY_PROTOCOL"));
        assertEquals("PEM", config.get("KAFKA_SSL_TRUSTSTORE_TYPE"));
        assertEquals("/etc/fmp/kafka-ca/ca.crt", config.get("KAFKA_SSL_TRUSTSTORE_LOCATION"));
        Container eval = find(onprem, Deployment.class, "fmp-eval-service").getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        var key = eval.getEnv().stream().filter(e -> e.getName().equals("KAFKA_SSL_KEYSTORE_KEY")).findFirst().orElseThrow();
        assertEquals("fmp", key.getValueFrom().getSecretKeyRef().getName());
        assertEquals("user.key", key.getValueFrom().getSecretKeyRef().getKey());
        assertNull(key.getValue());
        var caVolume = find(onprem, Deployment.class, "fmp-eval-service").getSpec().getTemplate().getSpec().getVolumes()
                .stream().filter(v -> v.getName().equals("kafka-ca")).findFirst().orElseThrow();
        assertEquals("kafka-cluster-ca-cert", caVolume.getSecret().getSecretName());
        // the gateway's database holds rate-limit buckets, shared by its replicas; it has no Kafka
        Map<String, String> gatewayConfig = find(onprem, ConfigMap.class, "fmp-gateway").getData();
        assertFalse(gatewayConfig.containsKey("KAFKA_SECURITY_PROTOCOL"));
        assertEquals("postgresql", gatewayConfig.get("FMP_GATEWAY_RATE_LIMITS_STORE"));
        assertTrue(gatewayConfig.get("FMP_DB_URL").contains("/fmp_gateway?"), gatewayConfig.get("FMP_DB_URL"));

        // cloud: SCRAM over TLS; the JAAS line is put together by the kubelet from the Secret's keys
        List<HasMetadata> cloud = render("values-cloud.yaml");
        Map<String, String> cloudConfig = find(cloud, ConfigMap.class, "fmp-catalog-service").getData();
        assertEquals("SASL_SSL", cloudConfig.get("KAFKA_SECURITY_PROTOCOL"));
        assertEquals("SCRAM-SHA-512", cloudConfig.get("KAFKA_SASL_MECHANISM"));
        assertFalse(cloudConfig.containsKey("KAFKA_SSL_TRUSTSTORE_LOCATION"), "a public CA: the JVM's trust store");
        Container catalog = find(cloud, Deployment.class, "fmp-catalog-service").getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        assertEquals("fmp-kafka-user", catalog.getEnv().stream().filter(e -> e.getName().equals("FMP_KAFKA_PASSWORD"))
                .findFirst().orElseThrow().getValueFrom().getSecretKeyRef().getName());
        assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"$(FMP_KAFKA_USERNAME)\""
                        + " password=\"$(FMP_KAFKA_PASSWORD)\";", catalog.getEnv().stream()
                .filter(e -> e.getName().equals("KAFKA_SASL_JAAS_CONFIG")).findFirst().orElseThrow().getValue());
        // no ConfigMap anywhere carries a credential
        for (List<HasMetadata> objects : List.of(onprem, cloud, render("values-hybrid.yaml"))) {
            for (ConfigMap map : objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast).toList()) {
                assertTrue(map.getData().keySet().stream().noneMatch(k -> k.contains("PASSWORD") || k.endsWith("_KEY")
                        || k.contains("JAAS")), map.getMetadata().getName() + ": " + map.getData().keySet());
            }
        }
    }

    @Test
    void theKeyHashingSecretReachesGovernanceFromItsSecretAndTheGatewayTrustsTheConfiguredIssuer() throws IOException {
        List<HasMetadata> onprem = render("values-onprem.yaml");
        Container governance = find(onprem, Deployment.class, "fmp-governance-service").getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        var hashing = governance.getEnv().stream().filter(e -> e.getName().equals("FMP_GOVERNANCE_IDENTITY_KEY_HASH_SECRET"))
                .findFirst().orElseThrow();
        assertEquals("fmp-api-key-hashing", hashing.getValueFrom().getSecretKeyRef().getName());
        assertNull(hashing.getValue());
        // the audit log's signing key reaches governance from its Secret only
        var signing = governance.getEnv().stream().filter(e -> e.getName().equals("FMP_GOVERNANCE_AUDIT_LOG_SIGNING_KEY"))
                .findFirst().orElseThrow();
        assertEquals("fmp-audit-signing", signing.getValueFrom().getSecretKeyRef().getName());
        assertNull(signing.getValue());
        Map<String, String> gateway = find(onprem, ConfigMap.class, "fmp-gateway").getData();
        assertEquals("https://keycloak.internal.example/realms/fmp", gateway.get("FMP_GATEWAY_AUTH_OIDC_ISSUER"));
        assertEquals("realm_access.roles", gateway.get("FMP_GATEWAY_AUTH_OIDC_ROLES_CLAIM"));
        // the services accept the same issuer's tokens from systems that call their gRPC APIs directly
        Map<String, String> catalogConfig = find(onprem, ConfigMap.class, "fmp-catalog-service").getData();
        assertEquals("https://keycloak.internal.example/realms/fmp", catalogConfig.get("FMP_IDENTITY_OIDC_ISSUER"));
        assertEquals("realm_access.roles", catalogConfig.get("FMP_IDENTITY_OIDC_ROLES_CLAIM"));
        // the budgets reach the services that enforce them
        assertEquals("20", find(onprem, ConfigMap.class, "fmp-eval-service").getData().get("FMP_EVAL_QUOTAS_CONCURRENT_RUNS"));
        assertEquals("100", find(onprem, ConfigMap.class, "fmp-tuning-service").getData()
                .get("FMP_TUNING_QUOTAS_GPU_HOURS_PER_MONTH"));
        // every process signs and checks the caller tokens on gRPC calls with the internal secret, from its Secret
        for (Deployment deployment : onprem.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).toList()) {
            var internal = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                    .filter(e -> e.getName().endsWith("INTERNAL_TOKEN_SECRET")).findFirst().orElseThrow();
            assertEquals("fmp-internal-token", internal.getValueFrom().getSecretKeyRef().getName());
        }
        // the other services neither verify credentials nor hold the hashing secret
        assertTrue(find(onprem, Deployment.class, "fmp-eval-service").getSpec().getTemplate().getSpec().getContainers()
                .get(0).getEnv().stream().noneMatch(e -> e.getName().startsWith("FMP_GOVERNANCE_IDENTITY")));
    }

    @Test
    void swaggerUiIsOffInProductionAndTheGatewayApiIsAllTheServiceExposes() throws IOException {
        for (String valuesFile : List.of("values-onprem.yaml", "values-cloud.yaml", "values-hybrid.yaml")) {
            List<HasMetadata> objects = render(valuesFile);
            assertEquals("false", find(objects, ConfigMap.class, "fmp-gateway").getData().get("QUARKUS_SWAGGER_UI_ENABLED"));
            Service gateway = find(objects, Service.class, "fmp-gateway");
            assertEquals(List.of("http"), gateway.getSpec().getPorts().stream().map(p -> p.getName()).toList(),
                    "the management port is not part of the Service");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"values-hybrid.yaml"})
    void hybridPinsPodsToTheGpuSiteAndPointsTheGatewayAtTheRelease(String valuesFile) throws IOException {
        List<HasMetadata> objects = render(valuesFile);
        Deployment tuning = find(objects, Deployment.class, "fmp-tuning-service");
        assertEquals("on-prem-gpu", tuning.getSpec().getTemplate().getSpec().getNodeSelector().get("fmp.io/site"));
        assertEquals("NoSchedule", tuning.getSpec().getTemplate().getSpec().getTolerations().get(0).getEffect());
        assertEquals("on-prem-gpu", find(objects, ConfigMap.class, "fmp-tuning-service").getData().get("FMP_SITE"));
        assertEquals("fmp-catalog-service",
                find(objects, ConfigMap.class, "fmp-gateway").getData().get("FMP_CATALOG_HOST"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"values-hybrid.yaml"})
    void whereGpuJobsRunTuningServiceMayRunJobsAndReadTheirLogsAndSharesTheWorkspace(String valuesFile)
            throws IOException {
        List<HasMetadata> objects = render(valuesFile);
        Deployment tuning = find(objects, Deployment.class, "fmp-tuning-service");
        var pod = tuning.getSpec().getTemplate().getSpec();
        assertEquals("fmp-tuning-service", pod.getServiceAccountName());
        assertEquals("fmp-tuning-workspace", pod.getVolumes().stream().filter(v -> v.getName().equals("workspace"))
                .findFirst().orElseThrow().getPersistentVolumeClaim().getClaimName());
        assertEquals("/workspace", pod.getContainers().get(0).getVolumeMounts().stream()
                .filter(m -> m.getName().equals("workspace")).findFirst().orElseThrow().getMountPath());
        assertNotNull(find(objects, io.fabric8.kubernetes.api.model.ServiceAccount.class, "fmp-tuning-service"));
        var role = find(objects, io.fabric8.kubernetes.api.model.rbac.Role.class, "fmp-tuning-service-trainer");
        assertEquals(List.of("jobs", "trainjobs", "pods", "pods/log"), role.getRules().stream()
                .flatMap(r -> r.getResources().stream()).toList());
        assertFalse(role.getRules().stream().anyMatch(r -> r.getResources().contains("secrets")),
                "secrets are passed by reference, never read");
        var binding = find(objects, io.fabric8.kubernetes.api.model.rbac.RoleBinding.class, "fmp-tuning-service-trainer");
        assertEquals("fmp-tuning-service", binding.getSubjects().get(0).getName());
        // deployments: their inference objects, and nothing else (no secrets)
        var serving = find(objects, io.fabric8.kubernetes.api.model.rbac.Role.class, "fmp-tuning-service-serving");
        assertEquals(List.of("inferenceservices", "deployments", "deployments/scale", "services", "scaledobjects", "pods"),
                serving.getRules().stream().flatMap(r -> r.getResources().stream()).toList());
        assertEquals("fmp-tuning-service", find(objects, io.fabric8.kubernetes.api.model.rbac.RoleBinding.class,
                "fmp-tuning-service-serving").getSubjects().get(0).getName());
        Map<String, String> config = find(objects, ConfigMap.class, "fmp-tuning-service").getData();
        assertEquals("true", config.get("FMP_TUNING_KUBERNETES_ENABLED"));
        assertEquals("fmp", config.get("FMP_TUNING_KUBERNETES_NAMESPACE"));
        assertEquals("nvidia.com/gpu:NoSchedule", config.get("FMP_TUNING_KUBERNETES_TOLERATIONS"));
        // base models only from the seed catalog's organisations, and none may run its own code
        assertEquals("meta-llama/,mistralai/,Qwen/,google/,ibm-granite/,microsoft/,tiiuae/,bigscience/",
                config.get("FMP_TUNING_KUBERNETES_MODEL_SOURCES"));
        assertFalse(config.containsKey("FMP_TUNING_KUBERNETES_TRUST_REMOTE_CODE"));
        assertEquals("fmp-tuning-service", find(objects, ConfigMap.class, "fmp-gateway").getData()
                .get("FMP_TUNING_HOST"));
        assertEquals("true", config.get("FMP_TUNING_SERVING_KUBERNETES_ENABLED"));
        assertEquals("false", config.get("FMP_TUNING_SERVING_KSERVE"));
        assertEquals("fmp-governance-service", config.get("FMP_GOVERNANCE_HOST"), "deployments ask governance's gate");
        assertEquals("http://fmp-serving.fmp.svc:8000", find(objects, ConfigMap.class, "fmp-gateway").getData()
                .get("FMP_GATEWAY_SERVING_ALLOWED_ORIGINS"));
        // only tuning-service, which creates Jobs, gets a Kubernetes API token
        for (Deployment deployment : objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).toList()) {
            assertEquals(deployment.getMetadata().getName().equals("fmp-tuning-service"),
                    deployment.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken(),
                    deployment.getMetadata().getName());
        }
        // elsewhere tuning-service keeps the default account and no workspace
        Deployment cloudTuning = find(render("values-cloud.yaml"), Deployment.class, "fmp-tuning-service");
        assertEquals(null, cloudTuning.getSpec().getTemplate().getSpec().getServiceAccountName());
    }

    @Test
    void aModelCredentialReachesEvalServiceOnlyFromItsSecretBoundToItsOriginAndNeverThroughAConfigMap() {
        List<HasMetadata> objects = render("values-cloud.yaml");
        Map<String, String> evalConfig = find(objects, ConfigMap.class, "fmp-eval-service").getData();
        assertEquals("env:FMP_SECRET_OPENAI_API_KEY=https://api.openai.com", evalConfig.get("FMP_EVAL_SECRETS_BINDINGS"));
        var evalEnv = find(objects, Deployment.class, "fmp-eval-service").getSpec().getTemplate().getSpec()
                .getContainers().get(0).getEnv();
        var key = evalEnv.stream().filter(e -> e.getName().equals("FMP_SECRET_OPENAI_API_KEY")).findFirst().orElseThrow();
        assertEquals("fmp-openai", key.getValueFrom().getSecretKeyRef().getName());
        assertEquals("api-key", key.getValueFrom().getSecretKeyRef().getKey());
        for (Deployment other : objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .filter(d -> !d.getMetadata().getName().equals("fmp-eval-service")).toList()) {
            var env = other.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
            assertTrue(env == null || env.stream().noneMatch(e -> e.getName().startsWith("FMP_SECRET_")),
                    other.getMetadata().getName() + " gets no model credential");
        }
        // every pod's scratch space is bounded (staged dataset uploads live there)
        for (Deployment deployment : objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).toList()) {
            assertEquals("2Gi", deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                    .filter(v -> v.getName().equals("tmp")).findFirst().orElseThrow().getEmptyDir().getSizeLimit().toString());
        }
        // without bound secrets nothing is rendered for them
        assertNull(find(render("values-onprem.yaml"), ConfigMap.class, "fmp-eval-service").getData()
                .get("FMP_EVAL_SECRETS_BINDINGS"));
    }

    static List<HasMetadata> render(String valuesFile, String... sets) {
        var template = new Helm(CHART).template().withName("fmp").withNamespace("fmp")
                .withValuesFile(CHART.resolve(valuesFile));
        for (String set : sets) {
            template = template.set(set.substring(0, set.indexOf('=')), set.substring(set.indexOf('=') + 1));
        }
        String manifests = template.call();
        return Arrays.stream(manifests.split("(?m)^---\\s*$"))
                .filter(doc -> doc.lines().anyMatch(line -> line.startsWith("kind:")))
                .map(doc -> (HasMetadata) Serialization.unmarshal(doc))
                .collect(Collectors.toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"values-onprem.yaml", "values-cloud.yaml", "values-hybrid.yaml"})
    void monitoringRendersServiceMonitorsOnRealPortsTheRulesAndTheDashboardsEachOnItsSwitch(String valuesFile)
            throws IOException {
        List<HasMetadata> off = render(valuesFile);
        assertTrue(off.stream().noneMatch(o -> Set.of("ServiceMonitor", "PrometheusRule").contains(o.getKind())),
                "off unless switched on");
        List<HasMetadata> objects = render(valuesFile, "monitoring.serviceMonitor.enabled=true",
                "monitoring.rules.enabled=true", "monitoring.dashboards.enabled=true",
                "monitoring.rules.disabled[0]=FmpApprovalWaiting", "monitoring.serviceMonitor.releaseLabel=prom");
        List<Deployment> deployments = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .toList();
        List<HasMetadata> monitors = objects.stream().filter(o -> o.getKind().equals("ServiceMonitor")).toList();
        assertEquals(deployments.size(), monitors.size(), "one per service");
        for (HasMetadata monitor : monitors) {
            assertEquals("prom", monitor.getMetadata().getLabels().get("release"), "selected by the release label");
            JsonNode spec = YAML.valueToTree(monitor).path("spec");
            Map<String, String> selector = YAML.convertValue(spec.path("selector").path("matchLabels"),
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { });
            Service metrics = objects.stream().filter(Service.class::isInstance).map(Service.class::cast)
                    .filter(svc -> svc.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                    .findFirst().orElseThrow(() -> new AssertionError("no Service for " + monitor.getMetadata().getName()));
            JsonNode endpoint = spec.path("endpoints").path(0);
            assertEquals("/q/metrics", endpoint.path("path").asText());
            assertEquals("fmp-" + metrics.getMetadata().getLabels().get("app.kubernetes.io/name"),
                    endpoint.path("relabelings").path(0).path("replacement").asText(), "the dashboards' job label");
            var port = metrics.getSpec().getPorts().stream().filter(p -> p.getName().equals(endpoint.path("port").asText()))
                    .findFirst().orElseThrow(() -> new AssertionError("the monitor's port is on its Service"));
            Deployment pods = deployments.stream().filter(d -> d.getSpec().getTemplate().getMetadata().getLabels()
                    .entrySet().containsAll(metrics.getSpec().getSelector().entrySet())).findFirst().orElseThrow();
            assertTrue(pods.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().stream()
                    .anyMatch(p -> p.getName().equals(port.getTargetPort().getStrVal())), "the target port is the pod's");
        }

        HasMetadata rule = objects.stream().filter(o -> o.getKind().equals("PrometheusRule")).findFirst().orElseThrow();
        JsonNode groups = YAML.valueToTree(rule).path("spec").path("groups");
        List<String> alerts = new java.util.ArrayList<>();
        groups.forEach(g -> g.path("rules").forEach(r -> {
            alerts.add(r.path("alert").asText());
            assertTrue(r.path("annotations").path("runbook_url").asText().startsWith(
                    "https://github.com/fmp-platform/fmp/blob/main/docs/runbooks/"), r.toString());
        }));
        assertEquals(MonitoringFilesTest.alerts().size() - 1, alerts.size());
        assertFalse(alerts.contains("FmpApprovalWaiting"), "switched off by name");

        List<ConfigMap> dashboards = objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .filter(c -> "1".equals(c.getMetadata().getLabels().get("grafana_dashboard"))).toList();
        assertEquals(MonitoringFilesTest.dashboards().size(), dashboards.size());
        for (ConfigMap dashboard : dashboards) {
            JsonNode json = new ObjectMapper().readTree(dashboard.getData().values().iterator().next());
            assertTrue(json.path("uid").asText().startsWith("fmp-"), "the file, as it is");
        }
    }

    @Test
    void theValuesSchemaRefusesBadValuesNamingEachOne() {
        for (String valuesFile : List.of("values.yaml", "values-onprem.yaml", "values-cloud.yaml", "values-hybrid.yaml")) {
            render(valuesFile, "monitoring.serviceMonitor.enabled=true", "monitoring.rules.enabled=true",
                    "monitoring.dashboards.enabled=true", "tuning.kubernetes.enabled=true",
                    "serving.kubernetes.enabled=true");
        }
        Map<String, String> bad = Map.of(
                "global.kafka.securityProtocol=TLS", "securityProtocol",
                "services.gateway.replicas=-1", "replicas",
                "services.gateway.replica=2", "replica",
                "global.postgres.sslMode=prefer", "sslMode",
                "managementPort=70000", "managementPort",
                "monitoring.rules.disabled[0]=not-an-alert", "disabled");
        bad.forEach((set, field) -> {
            IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> render("values.yaml", set), set);
            assertTrue(refused.getMessage().contains("values don't meet the specifications of the schema"),
                    set + ": " + refused.getMessage());
            assertTrue(refused.getMessage().contains(field), set + " names " + field + ": " + refused.getMessage());
        });
    }

    @Test
    void eachServiceHasADisruptionBudgetSpreadsOverZonesAndScalesOnCpuWhenAsked() {
        List<HasMetadata> objects = render("values-cloud.yaml");
        List<Deployment> deployments = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .toList();
        for (Deployment deployment : deployments) {
            String name = deployment.getMetadata().getName();
            var budget = find(objects, io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class, name);
            assertEquals(1, budget.getSpec().getMaxUnavailable().getIntVal());
            assertTrue(deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                    .containsAll(budget.getSpec().getSelector().getMatchLabels().entrySet()), "the budget selects the pods");
            var spread = deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints();
            assertEquals(List.of("topology.kubernetes.io/zone", "kubernetes.io/hostname"),
                    spread.stream().map(c -> c.getTopologyKey()).toList(), name);
            assertNotNull(deployment.getSpec().getReplicas(), "without autoscaling the values' replicas");
        }
        assertTrue(objects.stream().noneMatch(o -> o.getKind().equals("HorizontalPodAutoscaler")));

        List<HasMetadata> scaled = render("values-cloud.yaml", "autoscaling.enabled=true",
                "services.eval-service.maxReplicas=3");
        var eval = find(scaled, io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class,
                "fmp-eval-service");
        assertEquals("fmp-eval-service", eval.getSpec().getScaleTargetRef().getName());
        assertEquals(3, eval.getSpec().getMaxReplicas());
        assertEquals("cpu", eval.getSpec().getMetrics().get(0).getResource().getName());
        assertEquals(6, find(scaled, io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class,
                "fmp-gateway").getSpec().getMaxReplicas());
        assertNull(find(scaled, Deployment.class, "fmp-eval-service").getSpec().getReplicas(),
                "the autoscaler owns the replicas");
    }

    @Test
    void theApiIsReachableByIngressOrGatewayApiRoutesWithTlsAndHelmTestChecksTheSuite(@TempDir Path temp)
            throws IOException {
        List<HasMetadata> ingress = render("values-cloud.yaml", "ingress.enabled=true", "ingress.className=nginx",
                "ingress.host=fmp.bank.example", "ingress.tlsSecret=fmp-tls");
        var route = find(ingress, io.fabric8.kubernetes.api.model.networking.v1.Ingress.class, "fmp-gateway");
        assertEquals("fmp-tls", route.getSpec().getTls().get(0).getSecretName());
        assertEquals(List.of("/api", "/openai"), route.getSpec().getRules().get(0).getHttp().getPaths().stream()
                .map(p -> p.getPath()).toList());
        assertEquals("http", route.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService()
                .getPort().getName());

        List<HasMetadata> gatewayApi = render("values-cloud.yaml", "gatewayApi.enabled=true", "gatewayApi.grpc=true");
        List<String> kinds = gatewayApi.stream().filter(o -> o.getKind().endsWith("Route")).map(o -> o.getKind() + " "
                + o.getMetadata().getName()).sorted().toList();
        assertEquals(List.of("GRPCRoute fmp-catalog-service", "GRPCRoute fmp-eval-service",
                "GRPCRoute fmp-governance-service", "GRPCRoute fmp-tuning-service", "HTTPRoute fmp-gateway"), kinds);
        JsonNode tuning = YAML.valueToTree(gatewayApi.stream().filter(o -> o.getMetadata().getName()
                .equals("fmp-tuning-service") && o.getKind().equals("GRPCRoute")).findFirst().orElseThrow()).path("spec");
        assertEquals("fmp.serving.v1.ServingService", tuning.path("rules").path(0).path("matches").path(1).path("method")
                .path("service").asText());
        assertEquals(9083, tuning.path("rules").path(0).path("backendRefs").path(0).path("port").asInt());

        // helm template leaves hooks out: render the hook's template as a plain one, in a copy of the chart
        Path chart = copyChart(temp);
        Path hook = chart.resolve("templates/tests/suite-through-gateway.yaml");
        String text = Files.readString(hook);
        assertTrue(text.contains("helm.sh/hook: test"), "a helm test hook");
        Files.writeString(hook, text.replace("helm.sh/hook: test", "fmp.io/rendered-hook: test"));
        String manifests = new Helm(chart).template().withName("fmp").withNamespace("fmp")
                .withValuesFile(chart.resolve("values-cloud.yaml")).set("identity.bootstrapAdminKeySecret", "fmp-admin-key")
                .call();
        var test = Arrays.stream(manifests.split("(?m)^---\\s*$")).filter(doc -> doc.contains("\nkind: Pod\n"))
                .map(doc -> (io.fabric8.kubernetes.api.model.Pod) Serialization.unmarshal(doc)).findFirst().orElseThrow();
        assertEquals("fmp-test-suite", test.getMetadata().getName());
        assertEquals("test", test.getMetadata().getAnnotations().get("fmp.io/rendered-hook"));
        var container = test.getSpec().getContainers().get(0);
        assertEquals("fmp-admin-key", container.getEnv().stream().filter(e -> e.getName().equals("FMP_API_KEY"))
                .findFirst().orElseThrow().getValueFrom().getSecretKeyRef().getName());
        assertTrue(container.getArgs().get(0).contains("for path in models suites tuning-jobs use-cases deployments"));
        assertEquals(Boolean.FALSE, container.getSecurityContext().getAllowPrivilegeEscalation());
    }

    @Test
    void networkPoliciesDenyByDefaultAndAllowExactlyTheDocumentedFlows() {
        List<HasMetadata> objects = render("values-hybrid.yaml", "networkPolicy.enabled=true");
        var deny = find(objects, io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class, "fmp-default-deny");
        assertTrue(deny.getSpec().getIngress().isEmpty() && deny.getSpec().getEgress().isEmpty());
        assertEquals(List.of("Ingress", "Egress"), deny.getSpec().getPolicyTypes());
        Map<String, String> grpc = Map.of("catalog-service", "9081", "eval-service", "9082", "tuning-service", "9083",
                "governance-service", "9084");
        for (Deployment deployment : objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .toList()) {
            Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertTrue(podLabels.entrySet().containsAll(deny.getSpec().getPodSelector().getMatchLabels().entrySet()));
            String name = deployment.getMetadata().getLabels().get("app.kubernetes.io/name");
            var policy = find(objects, io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class,
                    deployment.getMetadata().getName());
            assertTrue(podLabels.entrySet().containsAll(policy.getSpec().getPodSelector().getMatchLabels().entrySet()));
            Set<String> in = new java.util.TreeSet<>();
            policy.getSpec().getIngress().forEach(rule -> rule.getPorts().forEach(p -> in.add(p.getPort().getStrVal())));
            Set<String> out = new java.util.TreeSet<>();
            policy.getSpec().getEgress().forEach(rule -> rule.getPorts().forEach(p -> out.add(p.getPort().getIntVal()
                    + "/" + p.getProtocol())));
            Set<String> expectedIn = new java.util.TreeSet<>(List.of("management"));
            expectedIn.add(name.equals("gateway") ? "http" : "grpc");
            assertEquals(expectedIn, in, name + " ingress");
            Set<String> expectedOut = new java.util.TreeSet<>(List.of("53/UDP", "53/TCP", "5432/TCP", "4317/TCP"));
            grpc.forEach((other, port) -> {
                if (!other.equals(name)) {
                    expectedOut.add(port + "/TCP");
                }
            });
            if (!name.equals("gateway")) {
                expectedOut.addAll(List.of("9092/TCP", "9093/TCP"));
            }
            if (name.equals("tuning-service")) {
                expectedOut.addAll(List.of("443/TCP", "6443/TCP"));
            }
            if (name.equals("eval-service") || name.equals("gateway")) {
                expectedOut.add("443/TCP");
            }
            assertEquals(expectedOut, out, name + " egress");
        }
    }

    static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    /** Helm's rule: maps merge key by key, everything else in the overlay replaces the base. */
    static JsonNode merge(JsonNode base, JsonNode overlay) {
        if (!(base instanceof ObjectNode baseObject) || !overlay.isObject()) {
            return overlay;
        }
        ObjectNode result = baseObject.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> fields = overlay.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = result.get(field.getKey());
            result.set(field.getKey(), existing == null ? field.getValue() : merge(existing, field.getValue()));
        }
        return result;
    }

    private static Path copyChart(Path target) throws IOException {
        Path copy = target.resolve("fmp");
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path source : files.toList()) {
                Path destination = copy.resolve(CHART.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(source, destination);
                }
            }
        }
        return copy;
    }
}
