package org.promptstudio.provider;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.testsupport.TempFolder;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;

/**
 * One local provider per test: before each test a {@link WireServer} starts on 127.0.0.1 and a
 * {@link ProviderFactory} with the test keys ({@link WireTestSupport#factory}) is built; after it the server stops
 * and the factory's folder is deleted. Register it with {@code @RegisterExtension final LocalWire wire = new
 * LocalWire();}, script the server's answer (a canned body of one wire format, e.g. {@link Dialect#body}) and call.
 */
final class LocalWire implements BeforeEachCallback, AfterEachCallback {

    private Path dir;
    private WireServer server;
    private ProviderFactory factory;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = TempFolder.create("local-wire");
        server = WireServer.start();
        factory = WireTestSupport.factory(dir);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        server.close();
        TempFolder.delete(dir);
    }

    /** The server of the running test. */
    WireServer server() {
        return server;
    }

    /** The factory of the running test: the test keys of {@link Dialect#ENV}, no token command, no real sleeps. */
    ProviderFactory factory() {
        return factory;
    }

    /** The server's base URL, {@code http://127.0.0.1:port}. */
    String url() {
        return server.url();
    }

    /** A model of {@code kind} named {@code name} at this server, no prices, no options. */
    ModelRef ref(String kind, String name) {
        return WireTestSupport.ref(kind, name, url(), Map.of());
    }

    /**
     * Scripts {@code reply} as the server's next answer and sends {@code request} through the factory's adapter for
     * its model; returns what the adapter made of the answer. Errors of the adapter are thrown as they are.
     */
    ChatResult chat(ChatRequest request, WireServer.Reply reply, StreamListener listener) {
        server.then(reply);
        return factory.adapter(request.model()).chat(request, listener);
    }

    /** {@link #chat} with a whole (not streamed) JSON answer {@code body}, status 200. */
    ChatResult whole(ModelRef ref, List<Message> messages, GenerationParams params, String body) {
        return chat(new ChatRequest(ref, messages, params), WireServer.json(200, body), StreamListener.NONE);
    }

    /** The JSON body of the last request the server received; fails the test when it received none or no JSON. */
    JsonNode sent() {
        return WireTestSupport.json(server.last().body());
    }
}
