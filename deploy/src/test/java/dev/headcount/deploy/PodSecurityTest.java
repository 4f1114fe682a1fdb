package dev.headcount.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The restricted-profile check against pod specs written by hand from the published standard. */
class PodSecurityTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    private static final String RESTRICTED = """
            securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
            volumes: [{name: t, emptyDir: {}}, {name: p, persistentVolumeClaim: {claimName: c}}]
            containers:
              - name: app
                securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}}
            """;

    private static List<String> violations(String yaml) throws Exception {
        return PodSecurity.restrictedViolations(YAML.readTree(yaml));
    }

    @Test
    void aPodThatFollowsTheStandardPasses() throws Exception {
        assertEquals(List.of(), violations(RESTRICTED));
    }

    @Test
    void eachRuleBrokenOnceIsReportedOnceWithItsField() throws Exception {
        assertEquals(List.of("containers[app].securityContext.allowPrivilegeEscalation: must be false"),
                violations(RESTRICTED.replace("allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true")));
        assertEquals(List.of("containers[app].securityContext.runAsNonRoot: must be true (here or in the pod's securityContext)"),
                violations(RESTRICTED.replace("runAsNonRoot: true, ", "")));
        assertEquals(List.of("containers[app].securityContext.seccompProfile.type: must be RuntimeDefault or Localhost (here or in the pod's securityContext)"),
                violations(RESTRICTED.replace(", seccompProfile: {type: RuntimeDefault}", "")));
        assertEquals(List.of("containers[app].securityContext.capabilities.drop: must include ALL"),
                violations(RESTRICTED.replace("drop: [ALL]", "drop: [NET_RAW]")));
        assertEquals(List.of("containers[app].securityContext.capabilities.add: SYS_ADMIN is not allowed"),
                violations(RESTRICTED.replace("add: [NET_BIND_SERVICE]", "add: [SYS_ADMIN]")));
        assertEquals(List.of("volumes[t]: type hostPath is not allowed"),
                violations(RESTRICTED.replace("emptyDir: {}", "hostPath: {path: /}")));
        assertEquals(List.of("hostNetwork: must be unset or false"), violations("hostNetwork: true\n" + RESTRICTED));
    }

    @Test
    void aContainerMayOverrideThePodButNotWeakenIt() throws Exception {
        // the container's own runAsNonRoot: false wins over the pod's true
        assertEquals(List.of("containers[app].securityContext.runAsNonRoot: must be true (here or in the pod's securityContext)"),
                violations(RESTRICTED.replace("allowPrivilegeEscalation: false,", "allowPrivilegeEscalation: false, runAsNonRoot: false,")));
        assertEquals(List.of("containers[app].securityContext.seccompProfile.type: must be RuntimeDefault or Localhost (here or in the pod's securityContext)"),
                violations(RESTRICTED.replace("allowPrivilegeEscalation: false,", "allowPrivilegeEscalation: false, seccompProfile: {type: Unconfined},")));
    }
}
