package dev.headcount.engine.hub;

import java.util.regex.Pattern;

/**
 * A repository at a revision: {@code ORG/NAME} (or a legacy {@code NAME}), a model or a data set,
 * at a branch, tag or commit ({@code main} by default).
 */
public record HubRepo(Kind kind, String id, String revision) {

    public static final String DEFAULT_REVISION = "main";
    private static final Pattern ID = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*/)?[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

    /** Models and data sets differ in URL prefix and cache folder prefix, as on the Hub. */
    public enum Kind {
        MODEL("model", "models", ""), DATASET("dataset", "datasets", "datasets/");

        private final String word;
        private final String plural;
        private final String urlPrefix;

        Kind(String word, String plural, String urlPrefix) {
            this.word = word;
            this.plural = plural;
            this.urlPrefix = urlPrefix;
        }

        public String plural() {
            return plural;
        }

        String urlPrefix() {
            return urlPrefix;
        }

        public String word() {
            return word;
        }
    }

    public HubRepo {
        if (!ID.matcher(id).matches() || id.contains("--") || id.contains("..") || id.endsWith(".git")) {
            throw new IllegalArgumentException("'" + id + "' is not a Hub repository name (expected ORG/NAME: letters, "
                    + "digits, '-', '_', '.'; no '--' or '..')");
        }
        if (revision == null || revision.isBlank()) {
            throw new IllegalArgumentException(id + ": empty revision after '@'");
        }
    }

    /** {@code ORG/NAME[@REVISION]}. */
    public static HubRepo parse(Kind kind, String spec) {
        int at = spec.indexOf('@');
        return at < 0 ? new HubRepo(kind, spec.strip(), DEFAULT_REVISION)
                : new HubRepo(kind, spec.substring(0, at).strip(), spec.substring(at + 1).strip());
    }

    /** The folder in the cache: {@code models--ORG--NAME} or {@code datasets--ORG--NAME}. */
    public String cacheFolder() {
        return kind.plural + "--" + id.replace("/", "--");
    }

    public boolean revisionIsCommit() {
        return COMMIT.matcher(revision).matches();
    }

    public HubRepo at(String otherRevision) {
        return new HubRepo(kind, id, otherRevision);
    }

    @Override
    public String toString() {
        return (kind == Kind.DATASET ? "dataset " : "") + id + "@" + revision;
    }
}
