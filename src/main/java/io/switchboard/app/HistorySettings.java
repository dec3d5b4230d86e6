package io.switchboard.app;

import io.switchboard.config.ConfigException;
import io.switchboard.history.HistoryStore;
import io.switchboard.history.HistoryStores;
import io.switchboard.history.PostgresTarget;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the history store lives: {@code SWITCHBOARD_HISTORY_URL=postgresql://user:password@host:port/db}
 * selects a shared PostgreSQL (port defaults to 5432, the password may be left out, user and
 * password percent-encoded); unset or blank, the embedded DuckDB file {@code history.duckdb}
 * under the data directory. Parsing fails with a {@link ConfigException} naming the setting and
 * never echoing the password.
 */
public record HistorySettings(Path dataDir, PostgresTarget postgres) {
    public static final String URL = HistoryStores.URL_SETTING;

    public static HistorySettings from(Map<String, String> env, Path dataDir) {
        String url = env.get(URL);
        return new HistorySettings(dataDir, url == null || url.isBlank() ? null : parse(url.strip()));
    }

    /** Opens the store (blocking; at start-up, off the event loop); see {@link HistoryStores}. */
    public HistoryStore open() {
        return postgres != null ? HistoryStores.postgres(postgres) : HistoryStores.duckDb(dataDir);
    }

    static PostgresTarget parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid("is not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme();
        if (!"postgresql".equals(scheme) && !"postgres".equals(scheme)) {
            throw invalid("must start with postgresql://, was " + (scheme == null ? "no scheme" : scheme + "://"));
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw invalid("needs a host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid("takes no query parameters or fragment");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String database = decode(path.startsWith("/") ? path.substring(1) : path);
        if (database.isEmpty() || database.contains("/")) {
            throw invalid("needs one database name after the host, as in postgresql://user:password@host:5432/switchboard");
        }
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null || userInfo.isEmpty() || userInfo.startsWith(":")) {
            throw invalid("needs a user, as in postgresql://user:password@host:5432/" + database);
        }
        int colon = userInfo.indexOf(':');
        String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        String password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        if (port == 0) {
            throw invalid("has port 0");
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        return new PostgresTarget(host, port, database, user, password);
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid("has a bad percent-escape");
        }
    }

    private static ConfigException invalid(String problem) {
        return new ConfigException(URL, "must be postgresql://user:password@host:port/database; it " + problem);
    }
}
