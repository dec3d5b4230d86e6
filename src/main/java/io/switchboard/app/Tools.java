package io.switchboard.app;

import io.switchboard.config.Role;
import io.switchboard.api.auth.Secrets;
import io.switchboard.api.auth.Security;
import io.switchboard.config.ConfigException;
import io.switchboard.config.ConfigLoader;
import io.switchboard.config.SwitchboardConfig;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Operator commands of the jar (README, docs/security.md):
 * {@code mint-token --sub ID --role ROLE [--ttl 8h] [--config FILE]} prints a JWT signed with the
 * node's HS256 secret (same data dir and config as the server), for trials and scripts; with
 * {@code --link [--base-url URL]} it prints instead a sign-in link for the browser desk (agents),
 * board (supervisors) or reports (admins) carrying a one-time code valid 5 minutes, never the token itself;
 * {@code new-api-key --name NAME --role ROLE} prints a fresh key and the config entry holding its hash.
 * Output on stdout is only the token or key, so it can be captured in a shell variable.
 */
final class Tools {
    private static final Pattern TTL = Pattern.compile("(\\d{1,6})([smhd])");

    private Tools() {
    }

    static boolean handles(String command) {
        return command.equals("mint-token") || command.equals("new-api-key");
    }

    static int run(String command, String[] args) {
        String sub = null;
        String role = null;
        String ttl = "8h";
        String name = null;
        boolean link = false;
        String baseUrl = "http://localhost:8080";
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--sub" -> { sub = value; i++; }
                case "--role" -> { role = value; i++; }
                case "--ttl" -> { ttl = value; i++; }
                case "--name" -> { name = value; i++; }
                case "--link" -> link = true;
                case "--base-url" -> { baseUrl = value; i++; }
                default -> rest.add(args[i]);
            }
        }
        try {
            Role parsed = role == null ? null : Role.parse(role).orElse(null);
            if (parsed == null) {
                throw new ConfigException("--role", "must be one of integration, agent, supervisor, admin");
            }
            if (link && parsed == Role.INTEGRATION) {
                throw new ConfigException("--link", "is for agents (the desk), supervisors (the board) and admins"
                        + " (the reports)");
            }
            if (link && (baseUrl == null || !baseUrl.matches("https?://[^\\s#?]+"))) {
                throw new ConfigException("--base-url", "expected the server's address, like https://desk.example.com");
            }
            return command.equals("mint-token") ? mint(sub, parsed, ttl, rest, link ? baseUrl : null)
                    : newKey(name, parsed);
        } catch (ConfigException e) {
            System.err.println(command + ": " + e.getMessage());
            return 2;
        }
    }

    /** {@code linkBase} null: print the token; else print a sign-in link under that address. */
    private static int mint(String sub, Role role, String ttl, List<String> rest, String linkBase) {
        if (sub == null) {
            throw new ConfigException("--sub", "needs the agent or person id the token is for");
        }
        Matcher m = TTL.matcher(ttl == null ? "" : ttl);
        if (!m.matches()) {
            throw new ConfigException("--ttl", "expected a duration like 30m, 8h or 7d");
        }
        long seconds = Long.parseLong(m.group(1)) * switch (m.group(2)) {
            case "s" -> 1;
            case "m" -> 60;
            case "h" -> 3600;
            default -> 86400;
        };
        Settings settings = Settings.from(System.getenv(), rest.toArray(String[]::new));
        SwitchboardConfig config = settings.configFile() == null ? ConfigLoader.loadDemo()
                : ConfigLoader.load(settings.configFile());
        Main.prepareDataDir(settings);
        SecretStore.Loaded secrets = SecretStore.load(settings.dataDir(), config.security());
        if (secrets.newAdminKey() != null) {
            System.err.println("First use of " + settings.dataDir() + ": generated an admin API key (shown only now): "
                    + secrets.newAdminKey());
        }
        Vertx vertx = Vertx.vertx();
        try {
            Security security = Security.create(vertx, config.security(), secrets.jwtSecret());
            if (linkBase == null) {
                System.out.println(security.mint(sub, role, seconds));
            } else {
                // The code rides in the fragment: browsers never send it to a server or in a Referer.
                String page = role == Role.AGENT ? "/desk/" : role == Role.SUPERVISOR ? "/board/" : "/reports/";
                System.out.println(linkBase.replaceAll("/+$", "") + page + "#code="
                        + security.mintSignInCode(sub, role, seconds));
                System.err.println("The link works once, within 5 minutes; it signs " + sub + " in for " + ttl + ".");
            }
        } finally {
            vertx.close();
        }
        return 0;
    }

    private static int newKey(String name, Role role) {
        if (name == null || !name.matches("[a-z0-9][a-z0-9_.-]{0,63}")) {
            throw new ConfigException("--name", "needs a key name: lower-case letters, digits, '_', '-', '.'");
        }
        String key = Secrets.newApiKey();
        System.out.println(key);
        System.err.println("Give the key to the client once; put only this in the configuration (security.apiKeys):");
        System.err.println("  - {name: " + name + ", role: " + role.wire() + ", sha256: " + Secrets.sha256(key) + "}");
        return 0;
    }
}
