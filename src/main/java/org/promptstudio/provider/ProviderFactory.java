package org.promptstudio.provider;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import org.promptstudio.model.ModelRef;

/**
 * Builds the {@link ModelProvider} for a {@link ModelRef} by its {@code provider} kind. Built in: {@code openai},
 * {@code azure-openai}, {@code openai-compatible}, {@code anthropic}, {@code gemini}, {@code vertex}, {@code ollama};
 * more kinds (the offline models, replay) are added with {@link #register}. {@link #provider} gives what callers
 * should use: the adapter behind the model's shared {@link ModelGate} and the {@link RetryPolicy}.
 */
public final class ProviderFactory {

    private final Map<String, Function<ModelRef, ModelProvider>> kinds = new ConcurrentHashMap<>();
    private final Credentials credentials;
    private final UsageEstimator estimator;
    private final RetryPolicy retryPolicy;
    private final ModelGates gates;
    private final Sleeper sleeper;
    private final DoubleSupplier random;
    private final HttpTransport transport;
    private final VertexTokens vertexTokens;
    private final OllamaCatalog ollama = new OllamaCatalog();

    private ProviderFactory(Builder b) {
        this.credentials = b.credentials;
        this.estimator = b.estimator;
        this.retryPolicy = b.retryPolicy;
        this.gates = b.gates;
        this.sleeper = b.sleeper;
        this.random = b.random;
        this.transport = new HttpTransport(b.httpClient, b.clock);
        this.vertexTokens = new VertexTokens(credentials, b.tokenCommand, b.clock);
        register(OpenAiChatProvider.OPENAI, this::openAi);
        register(OpenAiChatProvider.AZURE, this::openAi);
        register(OpenAiChatProvider.COMPATIBLE, this::openAi);
        register(AnthropicChatProvider.KIND, ref -> new AnthropicChatProvider(ref, transport, estimator, credentials));
        register(GeminiChatProvider.GEMINI, this::gemini);
        register(GeminiChatProvider.VERTEX, this::gemini);
        register(OllamaChatProvider.KIND, ref -> new OllamaChatProvider(ref, transport, estimator, credentials, ollama));
    }

    /** Keys from the environment and the user's credentials file; the default retry policy. */
    public static ProviderFactory standard() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    private ModelProvider openAi(ModelRef ref) {
        return new OpenAiChatProvider(ref, transport, estimator, credentials);
    }

    private ModelProvider gemini(ModelRef ref) {
        return new GeminiChatProvider(ref, transport, estimator, credentials, vertexTokens);
    }

    /** Adds (or replaces) a kind of provider. */
    public ProviderFactory register(String kind, Function<ModelRef, ModelProvider> maker) {
        kinds.put(kind, maker);
        return this;
    }

    public Set<String> kinds() {
        return new TreeSet<>(kinds.keySet());
    }

    /** The bare adapter: no retries, no limits. */
    public ModelProvider adapter(ModelRef ref) {
        Function<ModelRef, ModelProvider> maker = kinds.get(ref.provider());
        if (maker == null) {
            throw new ProviderException(ref.id() + ": unknown provider '" + ref.provider() + "' (known: "
                    + String.join(", ", kinds()) + ")");
        }
        return maker.apply(ref);
    }

    /** The adapter behind the model's shared gate (concurrency, rate) with retries: what a run should call. */
    public ModelProvider provider(ModelRef ref) {
        return new ResilientProvider(adapter(ref), ref.id(), retryPolicy, gates.gate(ref), sleeper, random);
    }

    /** Whether the model can be called now; an unknown kind is "not ready", with the reason. */
    public Readiness readiness(ModelRef ref) {
        try {
            return adapter(ref).readiness();
        } catch (ProviderException e) {
            return Readiness.notReady(e.getMessage().startsWith(ref.id() + ": ")
                    ? e.getMessage().substring(ref.id().length() + 2) : e.getMessage());
        }
    }

    /** A URL as it may be shown: key-like query parameters masked. */
    public static String shownUrl(String url) {
        return url == null ? null : Redactor.NONE.clean(url);
    }

    public ModelGates gates() {
        return gates;
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    public Credentials credentials() {
        return credentials;
    }

    public UsageEstimator estimator() {
        return estimator;
    }

    /** The models an Ollama server has pulled. */
    public OllamaCatalog ollama() {
        return ollama;
    }

    /** Settings for a factory; each has a default fit for real use. */
    public static final class Builder {
        private Credentials credentials;
        private UsageEstimator estimator = UsageEstimator.charsPerToken();
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private ModelGates gates;
        private Sleeper sleeper = Sleeper.system();
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
        private HttpClient httpClient;
        private Clock clock = Clock.systemUTC();
        private TokenCommand tokenCommand = TokenCommand.gcloud();

        private Builder() {
        }

        public Builder credentials(Credentials credentials) {
            this.credentials = credentials;
            return this;
        }

        public Builder estimator(UsageEstimator estimator) {
            this.estimator = estimator;
            return this;
        }

        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = retryPolicy;
            return this;
        }

        public Builder gates(ModelGates gates) {
            this.gates = gates;
            return this;
        }

        /** How retries and rate limits wait; tests pass one that records. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        /** The jitter source, in [0, 1). */
        public Builder random(DoubleSupplier random) {
            this.random = random;
            return this;
        }

        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        /** The clock that dates {@code Retry-After: <HTTP date>} and token lifetimes. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Where Vertex tokens come from when none is set; {@link TokenCommand#NONE} never runs gcloud. */
        public Builder tokenCommand(TokenCommand tokenCommand) {
            this.tokenCommand = tokenCommand;
            return this;
        }

        public ProviderFactory build() {
            if (credentials == null) credentials = Credentials.fromEnvironment();
            if (gates == null) gates = new ModelGates(sleeper);
            return new ProviderFactory(this);
        }
    }
}
