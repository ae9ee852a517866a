package io.fmp.tuning.kubernetes;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fmp.tuning.jobs.JobSpec;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The cluster object a GPU job runs as, read and removed the same way whatever its API. */
sealed interface Workload permits Workload.BatchJobWorkload, Workload.TrainJobWorkload {

    /**
     * Where the workload stands.
     *
     * @param suspended waiting for Kueue's admission
     * @param started   null until it started
     */
    record Status(boolean suspended, boolean complete, boolean failed, String reason, String message, Instant started,
                  Instant finished) {
    }

    String name();

    /** Renders and creates it for a job's attempt. */
    void create(String jobId, JobSpec spec, boolean validation, TrainerManifests.Cluster cluster);

    /** The label its pods carry with the workload's name as value. */
    String podLabel();

    /** null when it does not exist (any more). */
    Status status();

    /** Deletes it and, in the background, its pods. */
    void delete();

    private static Instant instant(String timestamp) {
        return timestamp == null ? null : Instant.parse(timestamp);
    }

    record BatchJobWorkload(KubernetesClient client, String namespace, String name) implements Workload {

        @Override
        public void create(String jobId, JobSpec spec, boolean validation, TrainerManifests.Cluster cluster) {
            Job job = TrainerManifests.job(name, jobId, spec, validation, cluster);
            client.batch().v1().jobs().inNamespace(namespace).resource(job).create();
        }

        @Override
        public String podLabel() {
            // set by the Job controller on every pod it creates
            return "job-name";
        }

        @Override
        public Status status() {
            Job job = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
            if (job == null) {
                return null;
            }
            boolean suspended = Boolean.TRUE.equals(job.getSpec().getSuspend());
            if (job.getStatus() == null) {
                return new Status(suspended, false, false, null, null, null, null);
            }
            List<JobCondition> conditions = job.getStatus().getConditions();
            JobCondition complete = condition(conditions, "Complete");
            JobCondition failed = condition(conditions, "Failed");
            JobCondition ending = failed != null ? failed : complete;
            return new Status(suspended, complete != null, failed != null, ending == null ? null : ending.getReason(),
                    ending == null ? null : ending.getMessage(), instant(job.getStatus().getStartTime()),
                    instant(job.getStatus().getCompletionTime()));
        }

        private static JobCondition condition(List<JobCondition> conditions, String type) {
            return conditions.stream().filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
                    .findFirst().orElse(null);
        }

        @Override
        public void delete() {
            client.batch().v1().jobs().inNamespace(namespace).withName(name)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        }
    }

    /** A Kubeflow Trainer v2 TrainJob (its pods belong to a JobSet of the same name). */
    record TrainJobWorkload(KubernetesClient client, String namespace, String name) implements Workload {

        static final ResourceDefinitionContext TRAIN_JOB = new ResourceDefinitionContext.Builder()
                .withGroup("trainer.kubeflow.org").withVersion("v1alpha1").withKind("TrainJob").withPlural("trainjobs")
                .withNamespaced(true).build();

        @Override
        public void create(String jobId, JobSpec spec, boolean validation, TrainerManifests.Cluster cluster) {
            GenericKubernetesResource trainJob = TrainerManifests.trainJob(name, jobId, spec, validation, cluster);
            client.genericKubernetesResources(TRAIN_JOB).inNamespace(namespace).resource(trainJob).create();
        }

        @Override
        public String podLabel() {
            return "jobset.sigs.k8s.io/jobset-name";
        }

        @Override
        public Status status() {
            GenericKubernetesResource trainJob = client.genericKubernetesResources(TRAIN_JOB).inNamespace(namespace)
                    .withName(name).get();
            if (trainJob == null) {
                return null;
            }
            Map<String, Object> spec = trainJob.get("spec");
            boolean suspended = spec != null && Boolean.TRUE.equals(spec.get("suspend"));
            Map<String, Object> status = trainJob.get("status");
            List<?> raw = status == null ? List.of() : (List<?>) status.getOrDefault("conditions", List.of());
            List<Condition> conditions = raw.stream().map(c -> Serialization.jsonMapper().convertValue(c,
                    Condition.class)).toList();
            Condition complete = condition(conditions, "Complete");
            Condition failed = condition(conditions, "Failed");
            Condition ending = failed != null ? failed : complete;
            Condition created = condition(conditions, "Created");
            return new Status(suspended, complete != null, failed != null, ending == null ? null : ending.getReason(),
                    ending == null ? null : ending.getMessage(),
                    created == null ? null : instant(created.getLastTransitionTime()),
                    ending == null ? null : instant(ending.getLastTransitionTime()));
        }

        private static Condition condition(List<Condition> conditions, String type) {
            return conditions.stream().filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
                    .findFirst().orElse(null);
        }

        @Override
        public void delete() {
            client.genericKubernetesResources(TRAIN_JOB).inNamespace(namespace).withName(name)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        }
    }
}
