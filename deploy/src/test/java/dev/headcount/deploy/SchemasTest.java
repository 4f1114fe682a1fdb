package dev.headcount.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The validator against hand-written objects: what the pinned releases accept and what they reject. */
class SchemasTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    private static List<String> validate(String yaml) throws Exception {
        JsonNode object = YAML.readTree(yaml);
        return Schemas.get().validate(object);
    }

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d}
            spec:
              selector: {matchLabels: {a: b}}
              template:
                metadata: {labels: {a: b}}
                spec:
                  containers:
                    - name: c
                      image: i
                      ports: [{containerPort: 8080}]
                      resources: {requests: {cpu: 1, memory: 1Gi}, limits: {nvidia.com/gpu: 1}}
                      readinessProbe: {httpGet: {path: /q/health/ready, port: http}}
            """;

    @Test
    void aWellFormedDeploymentPasses() throws Exception {
        assertEquals(List.of(), validate(DEPLOYMENT), "numbers are valid quantities, names valid int-or-strings");
    }

    @Test
    void unknownFieldsWrongTypesAndMissingRequiredFieldsAreReportedWithTheirPath() throws Exception {
        List<String> errors = validate(DEPLOYMENT
                .replace("image: i", "image: i\n          imagePullPolice: Always")
                .replace("containerPort: 8080", "containerPort: eighty")
                .replace("- name: c", "- imagePullPolicy: Always"));
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("spec.template.spec.containers[0].imagePullPolice: unknown field")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("spec.template.spec.containers[0].ports[0].containerPort: expected integer")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.equals("spec.template.spec.containers[0]: required field 'name' is missing")), errors.toString());
        assertEquals(3, errors.size(), errors.toString());
    }

    @Test
    void strimziV1IsServedAndV1beta2IsNot() throws Exception {
        String topic = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: t, labels: {strimzi.io/cluster: c}}
                spec: {topicName: t, partitions: 3, replicas: 1, config: {retention.ms: -1}}
                """;
        assertEquals(List.of(), validate(topic), "config preserves unknown fields (broker settings)");
        assertTrue(validate(topic.replace("/v1\n", "/v1beta2\n")).get(0).contains("served by none of the pinned releases"));
        assertTrue(validate(topic.replace("partitions: 3", "partitions: 0")).get(0).startsWith("spec.partitions: 0 is below the minimum"));
    }

    @Test
    void enumsAndOneOfAreChecked() throws Exception {
        String user = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaUser
                metadata: {name: u}
                spec:
                  authentication: {type: scram-sha-512}
                  authorization:
                    type: simple
                    acls:
                      - resource: {type: topic, name: t, patternType: literal}
                        operations: [Read, Describe]
                """;
        assertEquals(List.of(), validate(user));
        List<String> errors = validate(user.replace("[Read, Describe]", "[Read, Peek]"));
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("spec.authorization.acls[0].operations[1]: 'Peek' is not one of"), errors.toString());
        String scaledObject = """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: s}
                spec:
                  scaleTargetRef: {name: d}
                  triggers:
                    - type: kafka
                      metadata: {topic: t}
                """;
        assertEquals(List.of(), validate(scaledObject));
        assertTrue(validate(scaledObject.replace("type: kafka", "kind: kafka")).stream()
                .anyMatch(e -> e.startsWith("spec.triggers[0].kind: unknown field")));
    }
}
