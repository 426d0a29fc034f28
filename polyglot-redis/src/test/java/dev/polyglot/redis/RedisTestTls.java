package dev.polyglot.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis server speaking TLS that the tests of this module share, started once per test JVM: the
 * embedded redis-server (built with TLS) given a {@code tls-port} on loopback and a self-signed
 * certificate for 127.0.0.1 made by the JDK's {@code keytool}. Clients do not authenticate
 * ({@code tls-auth-clients no}); the plain port is there only because embedded-redis needs one.
 * Always embedded, also when {@code POLYGLOT_TEST_REDIS_URI} is set.
 */
final class RedisTestTls {
    private static final char[] PASSWORD = "polyglot".toCharArray();
    private static volatile Started started;

    private RedisTestTls() {
    }

    /** The server and its TLS port. */
    record Started(RedisTestServer.Embedded server, int tlsPort) {
    }

    /**
     * Returns a {@code rediss://} URI of the TLS port that does not verify the self-signed
     * certificate ({@code verifyPeer=NONE}), with the tests' key prefix and a 10 s command timeout.
     */
    static String uri() {
        return "rediss://127.0.0.1:" + started().tlsPort() + "?verifyPeer=NONE&prefix=" + RedisTestServer.TEST_PREFIX
                + "&timeout=10s";
    }

    static Started started() {
        Started s = started;
        if (s == null) {
            synchronized (RedisTestTls.class) {
                s = started;
                if (s == null) {
                    s = start();
                    started = s;
                }
            }
        }
        return s;
    }

    private static Started start() {
        long startedAt = System.nanoTime();
        try {
            Path dir = Files.createTempDirectory("polyglot-redis-tls");
            Path cert = dir.resolve("cert.pem");
            Path key = dir.resolve("key.pem");
            selfSignedCertificate(dir, cert, key);
            int tlsPort = RedisTestServer.freePort();
            RedisTestServer.Embedded server = RedisTestServer.startOwn(
                    "tls-port " + tlsPort,
                    "tls-cert-file " + cert.toAbsolutePath(),
                    "tls-key-file " + key.toAbsolutePath(),
                    "tls-ca-cert-file " + cert.toAbsolutePath(),
                    "tls-auth-clients no");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                } catch (IOException e) {
                    // a leftover temporary directory is harmless
                }
            }, "embedded-redis-tls-stop"));
            System.err.println("[RedisTestTls] TLS port " + tlsPort + " ready in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt) + " ms");
            return new Started(server, tlsPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a self-signed EC (P-256, cheap to make and to handshake with) certificate for 127.0.0.1 and its PKCS #8 key as the PEM files redis-server reads. */
    private static void selfSignedCertificate(Path dir, Path cert, Path key) throws IOException {
        Path store = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "redis",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)))
                .redirectErrorStream(true)
                .start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool could not make a test certificate: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, PASSWORD);
            Key privateKey = keyStore.getKey("redis", PASSWORD);
            Files.writeString(cert, pem("CERTIFICATE", keyStore.getCertificate("redis").getEncoded()));
            Files.writeString(key, pem("PRIVATE KEY", privateKey.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not read the test certificate keytool made", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
