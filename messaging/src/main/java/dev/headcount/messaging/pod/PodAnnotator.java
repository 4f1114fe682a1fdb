package dev.headcount.messaging.pod;

import dev.headcount.events.WorkRequested;
import dev.headcount.messaging.WorkRunner;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks the worker's own pod busy while a unit runs and idle otherwise, with a JSON merge patch of its annotations
 * ({@code PATCH /api/v1/namespaces/{namespace}/pods/{name}}, {@code application/merge-patch+json}, the service
 * account's bearer token, TLS trusting the service account's CA):
 * <ul>
 *   <li>{@value #SAFE_TO_EVICT}: {@code "false"} while busy (the cluster autoscaler must not remove the node under a
 *       unit of GPU work), {@code "true"} when idle;</li>
 *   <li>{@value #DELETION_COST}: {@value #BUSY_COST} while busy, {@value #IDLE_COST} when idle, so that a ReplicaSet
 *       scaled in by the autoscaler deletes idle pods before busy ones.</li>
 * </ul>
 * A failed patch (no RBAC, API server unreachable) logs a warning and never fails the unit: the annotations only make
 * disruptions cheaper; a pod stopped mid-unit hands the unit back anyway. Outside Kubernetes (no service-account
 * token, or no {@code POD_NAME}/{@code POD_NAMESPACE} from the downward API) it is a no-op that says so once.
 */
public final class PodAnnotator implements WorkRunner.UnitListener {
    private static final Logger LOG = LoggerFactory.getLogger(PodAnnotator.class);

    public static final String SAFE_TO_EVICT = "cluster-autoscaler.kubernetes.io/safe-to-evict";
    public static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";
    /** Above the default 0 of pods not annotated yet (starting), so busy pods go last. */
    public static final String BUSY_COST = "1000";
    /** The default of pods without the annotation: idle and starting pods go first, the older ones by age. */
    public static final String IDLE_COST = "0";
    /** Where Kubernetes mounts the service account's token and CA in a pod that automounts them. */
    public static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** Where to patch: the API server, the pod, and the service-account directory (token, ca.crt). */
    private record Target(URI pod, Path serviceAccount) {
    }

    private final Target target;
    private final HttpClient http;

    private PodAnnotator(Target target, HttpClient http) {
        this.target = target;
        this.http = http;
    }

    /** Does nothing, silently: for workers that are not in a pod by design (tests, the command line). */
    public static PodAnnotator none() {
        return new PodAnnotator(null, null);
    }

    /**
     * From the pod's environment: {@code POD_NAME} and {@code POD_NAMESPACE} (downward API), the token and CA in
     * {@code serviceAccount}, and the API server at {@code api} if given, else
     * {@code https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT}. Without a pod name, namespace, token or API
     * server address: a no-op, with one log line naming what is missing.
     */
    public static PodAnnotator fromEnvironment(Map<String, String> env, Path serviceAccount, URI api) {
        String name = env.get("POD_NAME");
        String namespace = env.get("POD_NAMESPACE");
        String missing = null;
        if (!Files.isReadable(serviceAccount.resolve("token"))) {
            missing = "no service-account token at " + serviceAccount.resolve("token");
        } else if (name == null || name.isBlank() || namespace == null || namespace.isBlank()) {
            missing = "POD_NAME and POD_NAMESPACE (downward API) are not both set";
        } else if (api == null && (env.get("KUBERNETES_SERVICE_HOST") == null
                || env.get("KUBERNETES_SERVICE_PORT") == null)) {
            missing = "no API server address (KUBERNETES_SERVICE_HOST/PORT)";
        }
        if (missing != null) {
            LOG.info("not in a Kubernetes pod ({}): its busy/idle annotations are left alone", missing);
            return none();
        }
        URI base = api != null ? api : URI.create("https://" + hostForUri(env.get("KUBERNETES_SERVICE_HOST")) + ":"
                + env.get("KUBERNETES_SERVICE_PORT"));
        URI pod = URI.create(base.toString().replaceAll("/+$", "") + "/api/v1/namespaces/" + namespace + "/pods/"
                + name);
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(TIMEOUT);
        Path ca = serviceAccount.resolve("ca.crt");
        if (pod.getScheme().equals("https") && Files.isReadable(ca)) {
            try {
                client.sslContext(trusting(ca));
            } catch (IOException | GeneralSecurityException e) {
                LOG.warn("cannot read the service account's CA {} ({}): its busy/idle annotations are left alone",
                        ca, e.toString());
                return none();
            }
        }
        LOG.info("pod {}/{}: annotating busy/idle through {}", namespace, name, base);
        return new PodAnnotator(new Target(pod, serviceAccount), client.build());
    }

    /** Whether it patches anything. */
    public boolean active() {
        return target != null;
    }

    @Override
    public void started(WorkRequested request) {
        busy();
    }

    @Override
    public void ended(WorkRequested request) {
        idle();
    }

    public void busy() {
        patch("false", BUSY_COST);
    }

    public void idle() {
        patch("true", IDLE_COST);
    }

    private void patch(String safeToEvict, String deletionCost) {
        if (target == null) {
            return;
        }
        String body = "{\"metadata\":{\"annotations\":{\"" + SAFE_TO_EVICT + "\":\"" + safeToEvict + "\",\""
                + DELETION_COST + "\":\"" + deletionCost + "\"}}}";
        try {
            // read each time: the kubelet rotates projected service-account tokens
            String token = Files.readString(target.serviceAccount().resolve("token")).trim();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(target.pod()).timeout(TIMEOUT)
                    .header("Content-Type", "application/merge-patch+json")
                    .header("Accept", "application/json")
                    .header("Authorization", "Bearer " + token)
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                LOG.warn("could not mark pod {} {}: PATCH answered {} {} (may its service account patch pods?)",
                        target.pod().getPath(), safeToEvict.equals("false") ? "busy" : "idle",
                        response.statusCode(), abbreviate(response.body()));
            }
        } catch (IOException e) {
            LOG.warn("could not mark pod {} {}: {}", target.pod().getPath(),
                    safeToEvict.equals("false") ? "busy" : "idle", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("could not mark pod {}: interrupted", target.pod().getPath());
        }
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "…";
    }

    /** An IPv6 service address needs brackets in a URI. */
    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** TLS that trusts exactly the certificates in {@code ca} (PEM: the cluster's CA bundle). */
    private static SSLContext trusting(Path ca) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        try (InputStream in = Files.newInputStream(ca)) {
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
        }
        if (i == 0) {
            throw new GeneralSecurityException("no certificate in " + ca);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
