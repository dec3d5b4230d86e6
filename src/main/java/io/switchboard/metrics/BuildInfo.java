package io.switchboard.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What was built and what runs it, for {@code switchboard_build_info}: the project version and
 * commit the Maven build wrote into {@code switchboard-build.properties} ({@code unknown} when the
 * build was not told the commit, or outside a build), and the Java runtime version.
 */
record BuildInfo(String version, String commit, String java) {
    static BuildInfo current() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/switchboard-build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // unreadable: every field stays unknown
        }
        return new BuildInfo(known(p.getProperty("version")), known(p.getProperty("commit")),
                known(System.getProperty("java.version")));
    }

    /** A value Maven did not fill in (still {@code ${...}}) or that is absent reads {@code unknown}. */
    private static String known(String value) {
        return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value.trim();
    }
}
