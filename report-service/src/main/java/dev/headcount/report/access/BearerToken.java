package dev.headcount.report.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The configured bearer token and the check of a presented one. The comparison is of SHA-256 digests with
 * {@link MessageDigest#isEqual}, which takes the same time wherever the digests differ, and hashing first hides the
 * token's length too.
 */
public final class BearerToken {
    /** Shorter tokens are refused at start-up: they can be guessed. */
    public static final int MIN_LENGTH = 16;
    private static final String SCHEME = "Bearer ";

    private final byte[] digest;

    private BearerToken(String token) {
        this.digest = sha256(token);
    }

    /** The token, if one is configured; a blank one counts as none. */
    public static Optional<BearerToken> of(Optional<String> configured) {
        return configured.filter(t -> !t.isBlank()).map(t -> new BearerToken(t.strip()));
    }

    /** Whether an {@code Authorization} header value ({@code Bearer TOKEN}) carries this token. */
    public boolean acceptsHeader(String authorization) {
        if (authorization == null || authorization.length() < SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        return accepts(authorization.substring(SCHEME.length()).strip());
    }

    /** Whether {@code presented} is this token. */
    public boolean accepts(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
