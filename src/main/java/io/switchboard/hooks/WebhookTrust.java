package io.switchboard.hooks;

import io.vertx.core.net.TrustOptions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Whom webhook deliveries over HTTPS trust: the JVM's default certificate authorities, plus the
 * certificates of {@code webhooks.trustedCertificates} (PEM; a private CA, or an endpoint's own
 * self-signed certificate). Adding a private CA does not take the public ones away, so one
 * configuration serves both public and internal endpoints. Host names are verified either way
 * (the certificate must name the URL's host).
 */
public final class WebhookTrust {
    private WebhookTrust() {
    }

    /**
     * The X.509 certificates in {@code pem} (one or more {@code -----BEGIN CERTIFICATE-----}
     * blocks); IllegalArgumentException, saying why, when there are none or one is unreadable.
     */
    public static List<X509Certificate> certificates(String pem) {
        if (pem == null || !pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException("must be one or more PEM certificates (-----BEGIN CERTIFICATE-----)");
        }
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("must be one or more PEM certificates (-----BEGIN CERTIFICATE-----)");
            }
            return out;
        } catch (CertificateException e) {
            throw new IllegalArgumentException("is not a readable PEM certificate: " + e.getMessage());
        }
    }

    /** The client's trust: the JVM's defaults when {@code pem} is null, else those and {@code pem}'s certificates. */
    static TrustOptions options(String pem) {
        if (pem == null) {
            return null;
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate ca : defaultAuthorities()) {
                store.setCertificateEntry("jvm-" + i++, ca);
            }
            i = 0;
            for (X509Certificate c : certificates(pem)) {
                store.setCertificateEntry("configured-" + i++, c);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return TrustOptions.wrap(factory);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the webhooks' trust store: " + e, e);
        }
    }

    private static List<X509Certificate> defaultAuthorities() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        List<X509Certificate> out = new ArrayList<>();
        for (TrustManager m : factory.getTrustManagers()) {
            if (m instanceof X509TrustManager x) {
                out.addAll(List.of(x.getAcceptedIssuers()));
            }
        }
        return out;
    }
}
