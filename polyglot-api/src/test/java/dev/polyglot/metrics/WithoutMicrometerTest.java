package dev.polyglot.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polyglot.Polyglot;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Loads this library's main classes a second time, in a class loader that cannot see Micrometer,
 * and runs the decorated ports there: the optional dependency really is optional.
 */
@DisplayName("Without Micrometer on the classpath")
class WithoutMicrometerTest {

    /** Hides Micrometer and this library (which the child loads itself) from the child loader. */
    static final class HidingLoader extends ClassLoader {
        HidingLoader(ClassLoader parent) {
            super(parent);
        }

        private static boolean hidden(String name) {
            return name.startsWith("io.micrometer") || name.startsWith("dev.polyglot")
                    || name.startsWith("io/micrometer") || name.startsWith("META-INF/services/dev.polyglot");
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (hidden(name)) {
                throw new ClassNotFoundException(name + " is hidden in this test");
            }
            return super.loadClass(name, resolve);
        }

        @Override
        public URL getResource(String name) {
            return hidden(name) ? null : super.getResource(name);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return hidden(name) ? Collections.emptyEnumeration() : super.getResources(name);
        }
    }

    @Test
    @DisplayName("the ports are timed in-process and no Micrometer class is needed")
    void worksWithoutMicrometer() throws Exception {
        URL mainClasses = Polyglot.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {mainClasses}, new HidingLoader(getClass().getClassLoader()))) {
            assertThatThrownBy(() -> loader.loadClass("io.micrometer.core.instrument.MeterRegistry"))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> polyglotClass = loader.loadClass("dev.polyglot.Polyglot");
            assertThat(polyglotClass).isNotSameAs(Polyglot.class);
            Properties config = new Properties();
            config.setProperty("polyglot.cache.uri", "memory:");
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            Object polyglot;
            thread.setContextClassLoader(loader);
            try {
                polyglot = polyglotClass.getMethod("fromProperties", Properties.class).invoke(null, config);
            } finally {
                thread.setContextClassLoader(previous);
            }
            try {
                Object store = polyglotClass.getMethod("cache").invoke(polyglot);
                Class<?> storeType = loader.loadClass("dev.polyglot.cache.CacheStore");
                Object cache = storeType.getMethod("cache", String.class, Class.class).invoke(store, "c", String.class);
                Class<?> cacheType = loader.loadClass("dev.polyglot.cache.Cache");
                cacheType.getMethod("put", String.class, Object.class).invoke(cache, "k", "v");
                Object value = cacheType.getMethod("get", String.class).invoke(cache, "k");
                assertThat(value).isEqualTo(java.util.Optional.of("v"));

                Object snapshot = polyglotClass.getMethod("metrics").invoke(polyglot);
                List<?> ports = (List<?>) snapshot.getClass().getMethod("ports").invoke(snapshot);
                Object cachePort = ports.get(0);
                Method operation = cachePort.getClass().getMethod("operation", String.class);
                Object get = ((java.util.Optional<?>) operation.invoke(cachePort, "get")).orElseThrow();
                assertThat(get.getClass().getMethod("count").invoke(get)).isEqualTo(1L);

                Class<?> portMetrics = loader.loadClass("dev.polyglot.metrics.PortMetrics");
                Class<?> portType = loader.loadClass("dev.polyglot.Port");
                Object cachePortEnum = portType.getField("CACHE").get(null);
                Object created = portMetrics.getMethod("create", portType, String.class).invoke(null, cachePortEnum, "memory");
                assertThat(portMetrics.getMethod("micrometerEnabled").invoke(created)).isEqualTo(false);
            } finally {
                ((AutoCloseable) polyglot).close();
            }
        }
    }
}
