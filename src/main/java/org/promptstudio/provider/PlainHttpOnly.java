package org.promptstudio.provider;

import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The SSL context of the HTTP client that makes plain {@code http} calls only ({@link HttpTransport}): the JDK's
 * {@code HttpClient} asks for an SSL context when it is built, and without one given it sets up the default one (the
 * TLS provider, its key exchanges and the trust store: about 1,000 classes and a tenth to a third of a second of a
 * cold start), although a plain-http call never uses it. This one sets nothing up; asked for TLS it refuses with
 * {@link IllegalStateException} (never reached: that client is only given {@code http} URLs and follows no
 * redirect). Issue 16, decision 0157 addendum.
 */
final class PlainHttpOnly extends SSLContextSpi {

    private static final String REFUSED = "this client makes plain http calls only";

    private PlainHttpOnly() {
    }

    /** A new context that refuses every TLS use; its parameters (for the client's construction) are empty. */
    static SSLContext context() {
        return new SSLContext(new PlainHttpOnly(), null, "TLS") {
        };
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) {
        // nothing to set up
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
        throw new IllegalStateException(REFUSED);
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
        throw new IllegalStateException(REFUSED);
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
        throw new IllegalStateException(REFUSED);
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
        throw new IllegalStateException(REFUSED);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
        return null;
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
        return null;
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
        return new SSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
        return new SSLParameters();
    }
}
