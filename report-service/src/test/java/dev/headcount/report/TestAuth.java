package dev.headcount.report;

/** The token the test profile configures ({@code %test.headcount.auth.token}), as an Authorization header value. */
public final class TestAuth {
    public static final String TOKEN = "test-token-0123456789abcdef";
    public static final String BEARER = "Bearer " + TOKEN;

    private TestAuth() {
    }
}
