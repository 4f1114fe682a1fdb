package dev.headcount.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The Pod Security Standards' {@code restricted} profile (which includes {@code baseline}), as Pod Security
 * Admission v1.34 enforces it on a pod spec: https://kubernetes.io/docs/concepts/security/pod-security-standards/.
 * Each violation names the field, so a failing manifest says what to change.
 */
final class PodSecurity {
    /** restricted: only these volume types. */
    private static final Set<String> VOLUME_TYPES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "persistentVolumeClaim", "projected", "secret", "image");
    /** baseline: the sysctls every pod may set. */
    private static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
    private static final Set<String> SELINUX_TYPES = Set.of("", "container_t", "container_init_t", "container_kvm_t",
            "container_engine_t");

    private PodSecurity() {
    }

    static List<String> restrictedViolations(JsonNode podSpec) {
        List<String> v = new ArrayList<>();
        JsonNode pod = podSpec.path("securityContext");
        for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (podSpec.path(host).asBoolean(false)) v.add(host + ": must be unset or false");
        }
        if (pod.path("runAsUser").asInt(-1) == 0) v.add("securityContext.runAsUser: must not be 0");
        checkSeLinux(pod.path("seLinuxOptions"), "securityContext", v);
        checkProfile(pod.path("seccompProfile"), "securityContext.seccompProfile", v);
        checkProfile(pod.path("appArmorProfile"), "securityContext.appArmorProfile", v);
        for (JsonNode sysctl : pod.path("sysctls")) {
            if (!SAFE_SYSCTLS.contains(sysctl.path("name").asText())) v.add("securityContext.sysctls: " + sysctl.path("name").asText() + " is not allowed");
        }
        for (JsonNode volume : podSpec.path("volumes")) {
            List<String> types = new ArrayList<>();
            volume.fieldNames().forEachRemaining(f -> { if (!f.equals("name")) types.add(f); });
            for (String type : types) {
                if (!VOLUME_TYPES.contains(type)) v.add("volumes[" + volume.path("name").asText() + "]: type " + type + " is not allowed");
            }
        }
        boolean podNonRoot = pod.path("runAsNonRoot").asBoolean(false);
        boolean podSeccomp = Set.of("RuntimeDefault", "Localhost").contains(pod.path("seccompProfile").path("type").asText());
        for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
            for (JsonNode c : podSpec.path(list)) {
                String at = list + "[" + c.path("name").asText() + "].securityContext";
                JsonNode sc = c.path("securityContext");
                if (sc.path("privileged").asBoolean(false)) v.add(at + ".privileged: must be unset or false");
                if (!sc.path("allowPrivilegeEscalation").isBoolean() || sc.path("allowPrivilegeEscalation").asBoolean()) {
                    v.add(at + ".allowPrivilegeEscalation: must be false");
                }
                if (sc.path("runAsNonRoot").isBoolean() ? !sc.path("runAsNonRoot").asBoolean() : !podNonRoot) {
                    v.add(at + ".runAsNonRoot: must be true (here or in the pod's securityContext)");
                }
                if (sc.path("runAsUser").asInt(-1) == 0) v.add(at + ".runAsUser: must not be 0");
                String seccomp = sc.path("seccompProfile").path("type").asText("");
                if (seccomp.isEmpty() ? !podSeccomp : !Set.of("RuntimeDefault", "Localhost").contains(seccomp)) {
                    v.add(at + ".seccompProfile.type: must be RuntimeDefault or Localhost (here or in the pod's securityContext)");
                }
                checkProfile(sc.path("appArmorProfile"), at + ".appArmorProfile", v);
                checkSeLinux(sc.path("seLinuxOptions"), at, v);
                if (!sc.path("procMount").asText("Default").equals("Default")) v.add(at + ".procMount: must be Default");
                boolean dropsAll = false;
                for (JsonNode cap : sc.path("capabilities").path("drop")) dropsAll |= cap.asText().equals("ALL");
                if (!dropsAll) v.add(at + ".capabilities.drop: must include ALL");
                for (JsonNode cap : sc.path("capabilities").path("add")) {
                    if (!cap.asText().equals("NET_BIND_SERVICE")) v.add(at + ".capabilities.add: " + cap.asText() + " is not allowed");
                }
                for (JsonNode port : c.path("ports")) {
                    if (port.path("hostPort").asInt(0) != 0) v.add(list + "[" + c.path("name").asText() + "].ports: hostPort is not allowed");
                }
            }
        }
        return v;
    }

    private static void checkProfile(JsonNode profile, String at, List<String> v) {
        if (profile.path("type").asText("").equals("Unconfined")) v.add(at + ".type: must not be Unconfined");
    }

    private static void checkSeLinux(JsonNode options, String at, List<String> v) {
        if (options.isMissingNode()) return;
        if (!SELINUX_TYPES.contains(options.path("type").asText(""))) v.add(at + ".seLinuxOptions.type: not allowed");
        if (options.has("user") || options.has("role")) v.add(at + ".seLinuxOptions: user and role must be unset");
    }
}
