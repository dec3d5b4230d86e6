package io.switchboard.api.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The browser clients' files, read once from the classpath ({@code /web/}, listed in
 * {@code /web/files.txt}) and held in memory with their gzip form: about 60 KB, so serving never
 * touches a disk or blocks an event loop. {@link #version()} is a hash of every file: pages load
 * assets under {@code /ui/<version>/}, so assets can be cached forever and a new build changes
 * every URL at once. ES modules import each other by relative path and so stay in one version.
 *
 * <p>Threading: immutable after construction; shared by every HTTP verticle.
 */
public final class WebAssets {
    static final String ROOT = "/web/";
    static final String MANIFEST = ROOT + "files.txt";
    private static final WebAssets PACKAGED = load();

    /** One file: its name under {@code /web/}, media type, bytes and gzipped bytes. */
    public record Asset(String name, String contentType, byte[] raw, byte[] gzip) {}

    private final Map<String, Asset> files;
    private final String version;

    private WebAssets(Map<String, Asset> files, String version) {
        this.files = files;
        this.version = version;
    }

    public static WebAssets packaged() {
        return PACKAGED;
    }

    /** Twelve hex digits of the SHA-256 over every file's name and bytes. */
    public String version() {
        return version;
    }

    /** The file called {@code name} (e.g. {@code desk.js}, {@code desk.html}), or null. */
    public Asset get(String name) {
        return files.get(name);
    }

    /** Every file, in manifest order. */
    public Iterable<Asset> all() {
        return files.values();
    }

    static String contentType(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "json" -> "application/json";
            default -> throw new IllegalStateException("no media type for " + name + "; add one to WebAssets");
        };
    }

    private static WebAssets load() {
        try {
            Map<String, Asset> files = new LinkedHashMap<>();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String line : new String(read(MANIFEST), StandardCharsets.UTF_8).split("\n")) {
                String name = line.strip();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                byte[] raw = read(ROOT + name);
                sha.update(name.getBytes(StandardCharsets.UTF_8));
                sha.update(raw);
                files.put(name, new Asset(name, contentType(name), raw, gzip(raw)));
            }
            return new WebAssets(Map.copyOf(files), HexFormat.of().formatHex(sha.digest()).substring(0, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static byte[] read(String resource) {
        try (InputStream in = WebAssets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing packaged web file " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(java.util.zip.Deflater.BEST_COMPRESSION);
            }
        }) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
