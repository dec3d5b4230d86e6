package io.switchboard.hooks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SSRF guard for webhook URLs: an absolute {@code http}/{@code https} URL without user info, whose
 * host resolves only to public addresses. Refused: loopback, unspecified, private (10/8,
 * 172.16/12, 192.168/16, fc00::/7), carrier-grade NAT (100.64/10), link-local (169.254/16 with the
 * cloud metadata address, fe80::/10) and multicast, unless {@code allowPrivateNetworks}.
 *
 * <p>Checked when a subscription is made and again before each attempt (answers cached for
 * {@link #CACHE_MILLIS}), so a name that later points inside is refused then. Residual risk: a
 * name re-pointed between our lookup and the client's own (DNS rebinding within the cache time).
 * Threading: lookups run on a worker; the cache is concurrent.
 */
public final class UrlGuard {
    static final long CACHE_MILLIS = 60_000;

    private record Verdict(String refusal, long at) {}

    /** A URL's form problem (null: none) and host, parsed once per URL rather than per attempt. */
    private record Form(String problem, String host) {}

    /** Distinct URLs remembered at most (subscriptions' URLs: few); past it the table starts over. */
    private static final int FORMS_MAX = 1_024;

    private final Vertx vertx;
    private final boolean allowPrivate;
    private final Map<String, Verdict> cache = new ConcurrentHashMap<>();
    private final Map<String, Form> forms = new ConcurrentHashMap<>();

    UrlGuard(Vertx vertx, boolean allowPrivate) {
        this.vertx = vertx;
        this.allowPrivate = allowPrivate;
    }

    /** Null when the URL's form is acceptable, else why not (no network). */
    public static String formProblem(String url) {
        if (url == null || url.length() > 2048) {
            return "must be an absolute http or https URL of at most 2048 characters";
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return "must be an http or https URL";
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                return "must name a host";
            }
            if (uri.getUserInfo() != null) {
                return "must not carry credentials (user info); the signature authenticates the sender";
            }
            if (uri.getFragment() != null) {
                return "must not have a fragment";
            }
            return null;
        } catch (URISyntaxException e) {
            return "is not a valid URL: " + e.getReason();
        }
    }

    /** Completes with null when {@code url} may be called now, else with the reason it is refused. */
    Future<String> check(String url, long now) {
        Form form = forms.get(url);
        if (form == null) {
            String problem = formProblem(url);
            form = new Form(problem, problem == null ? URI.create(url).getHost() : null);
            if (forms.size() >= FORMS_MAX) {
                forms.clear();
            }
            forms.put(url, form);
        }
        if (form.problem() != null) {
            return Future.succeededFuture(form.problem());
        }
        if (allowPrivate) {
            return Future.succeededFuture(null);
        }
        String host = form.host();
        Verdict cached = cache.get(host);
        if (cached != null && now - cached.at() < CACHE_MILLIS) {
            return Future.succeededFuture(cached.refusal());
        }
        return vertx.executeBlocking(() -> refusal(host), false).map(refusal -> {
            cache.put(host, new Verdict(refusal, now));
            return refusal;
        });
    }

    /** Blocking: resolves {@code host}; null when every address is public. */
    static String refusal(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bare);
        } catch (UnknownHostException e) {
            return "host " + host + " does not resolve";
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                return "host " + host + " resolves to " + address.getHostAddress()
                        + ", a loopback, private or link-local address (webhooks.allowPrivateNetworks is false)";
            }
        }
        return null;
    }

    static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0 && !(first == 100 && second >= 64 && second < 128);
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return false; // unique local fc00::/7
            }
            boolean mapped = true; // ::ffff:a.b.c.d carries an IPv4 address: judge that one
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }
}
