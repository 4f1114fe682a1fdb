package dev.headcount.report.access;

import dev.headcount.report.ReportConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every API call passes here first: writes (anything but GET, HEAD and OPTIONS) must carry the configured token as
 * {@code Authorization: Bearer TOKEN}, reads too when {@code headcount.auth.protect-reads} is set; a body announced
 * larger than {@code headcount.limits.max-body-bytes} is refused before it is read. Refusals are JSON
 * {@code {"problems": [...]}} like every other error of the API.
 * <p>
 * A read may give the token as {@code ?access_token=} instead (RFC 6750 §2.3): the browser's EventSource cannot set
 * headers. Writes may not, so that a token never sits in a URL that changes anything.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AccessFilter implements ContainerRequestFilter {
    private static final Set<String> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    static final String QUERY_TOKEN = "access_token";

    /** Looked up on the first request: providers are made at build time, before runtime configuration exists. */
    @Inject
    Instance<ReportConfig> configs;

    private volatile ReportConfig config;
    private volatile Optional<BearerToken> token;

    @Override
    public void filter(ContainerRequestContext request) {
        if (config == null) {
            config = configs.get();
        }
        boolean read = READS.contains(request.getMethod());
        if (!read) {
            String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
            long announced = parseLength(length);
            if (announced > config.limits().maxBodyBytes()) {
                request.abortWith(refusal(Response.Status.REQUEST_ENTITY_TOO_LARGE, tooLarge(announced,
                        config.limits().maxBodyBytes())));
                return;
            }
        }
        Optional<BearerToken> expected = token();
        if (expected.isEmpty() || (read && !config.auth().protectReads())) {
            return;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean accepted = authorization != null ? expected.get().acceptsHeader(authorization)
                : read && expected.get().accepts(request.getUriInfo().getQueryParameters().getFirst(QUERY_TOKEN));
        if (!accepted) {
            String problem = authorization == null
                    ? (read ? "reading" : "writing") + " needs the service's token: send Authorization: Bearer TOKEN "
                    + "(./headcount prints it with the dashboard URL; --token or HEADCOUNT_AUTH_TOKEN for the cli)"
                    : "the token in the Authorization header is not the service's (expected: Bearer TOKEN)";
            request.abortWith(Response.fromResponse(refusal(Response.Status.UNAUTHORIZED, problem))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"headcount\"").build());
        }
    }

    private Optional<BearerToken> token() {
        Optional<BearerToken> t = token;
        if (t == null) {
            t = BearerToken.of(config.auth().token());
            token = t;
        }
        return t;
    }

    /** The message of a 413, shared with the resource that measures bodies sent without a length. */
    public static String tooLarge(long bytes, int limit) {
        return "the request body has " + bytes + " bytes, more than the limit of " + limit
                + " (headcount.limits.max-body-bytes)";
    }

    public static Response refusal(Response.Status status, String problem) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("problems", List.of(problem))).build();
    }

    private static long parseLength(String length) {
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
