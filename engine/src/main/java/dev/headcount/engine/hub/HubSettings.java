package dev.headcount.engine.hub;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Hub settings in effect, read from the same environment variables as {@code huggingface_hub}
 * (its {@code constants.py}), so that headcount and Python agree on the cache and the token.
 *
 * @param endpoint  {@code HF_ENDPOINT}, default {@code https://huggingface.co}
 * @param cache     {@code HF_HUB_CACHE} (or the older {@code HUGGINGFACE_HUB_CACHE}), else {@code $HF_HOME/hub}
 * @param tokenFile {@code HF_TOKEN_PATH}, else {@code $HF_HOME/token} (what {@code huggingface-cli login} writes)
 * @param token     {@code HF_TOKEN} (or {@code HUGGING_FACE_HUB_TOKEN}), else the token file's content
 * @param offline   {@code HF_HUB_OFFLINE} (or {@code TRANSFORMERS_OFFLINE}) set to 1/ON/YES/TRUE
 */
public record HubSettings(URI endpoint, Path cache, Path tokenFile, Optional<String> token, boolean offline) {

    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";
    private static final Set<String> TRUE = Set.of("1", "ON", "YES", "TRUE");

    public HubSettings {
        String e = endpoint.toString();
        if (e.endsWith("/")) {
            endpoint = URI.create(e.substring(0, e.length() - 1));
        }
    }

    public static HubSettings fromEnvironment() {
        return from(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** The settings an environment implies; {@code home} is the user's home folder. */
    public static HubSettings from(Map<String, String> env, Path home) {
        Path hfHome = first(env, "HF_HOME").map(Path::of).orElseGet(() -> first(env, "XDG_CACHE_HOME")
                .map(xdg -> Path.of(xdg, "huggingface")).orElse(home.resolve(".cache").resolve("huggingface")));
        Path cache = first(env, "HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE").map(Path::of).orElse(hfHome.resolve("hub"));
        Path tokenFile = first(env, "HF_TOKEN_PATH").map(Path::of).orElse(hfHome.resolve("token"));
        Optional<String> token = first(env, "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN").or(() -> readToken(tokenFile));
        URI endpoint = URI.create(first(env, "HF_ENDPOINT").orElse(DEFAULT_ENDPOINT));
        if (endpoint.getScheme() == null || endpoint.getHost() == null) {
            throw new IllegalArgumentException("HF_ENDPOINT '" + endpoint + "' is not an absolute http(s) URL");
        }
        boolean offline = first(env, "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
                .map(v -> TRUE.contains(v.strip().toUpperCase(Locale.ROOT))).orElse(false);
        return new HubSettings(endpoint, cache, tokenFile, token, offline);
    }

    /** Where the token comes from, for messages and {@code doctor} (never the token itself). */
    public String tokenSource(Map<String, String> env) {
        if (first(env, "HF_TOKEN").isPresent()) return "HF_TOKEN";
        if (first(env, "HUGGING_FACE_HUB_TOKEN").isPresent()) return "HUGGING_FACE_HUB_TOKEN";
        return token.isPresent() ? tokenFile.toString() : "none (set HF_TOKEN or run `huggingface-cli login`)";
    }

    public HubSettings withOffline(boolean value) {
        return new HubSettings(endpoint, cache, tokenFile, token, value);
    }

    private static Optional<String> first(Map<String, String> env, String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) return Optional.of(value.strip());
        }
        return Optional.empty();
    }

    private static Optional<String> readToken(Path file) {
        try {
            if (!Files.isRegularFile(file)) return Optional.empty();
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            return value.isEmpty() ? Optional.empty() : Optional.of(value);
        } catch (IOException e) {
            // an unreadable token file is the same as none; a gated repository then says how to provide one
            return Optional.empty();
        }
    }
}
