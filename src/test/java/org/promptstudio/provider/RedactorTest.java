package org.promptstudio.provider;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void theSecretSentAndKeyLikeQueryParametersAreMasked() {
        Redactor r = Redactor.of(new Secret("my-own-token-123", "test"));

        assertThat(r.clean("https://x/v1beta/models/g:generateContent?alt=sse&key=AIzaSyA0123456789&b=1"))
                .isEqualTo("https://x/v1beta/models/g:generateContent?alt=sse&key=***&b=1");
        assertThat(r.clean("bad token my-own-token-123 given")).isEqualTo("bad token *** given");
        assertThat(r.clean("https://h/x?api-key=abc&access_token=def")).isEqualTo("https://h/x?api-key=***&access_token=***");
    }

    @Test
    void stringsShapedLikeProviderKeysAreMaskedEvenWhenNotOurs() {
        assertThat(Redactor.NONE.clean("Incorrect API key provided: sk-proj-abcdEFGH1234****wxyz."))
                .isEqualTo("Incorrect API key provided: sk-proj-***.");
        // A made-up key of the right shape, built at run time so no key-shaped literal is committed.
        String fakeGoogleKey = "AIza" + "Sy" + "FAKE0fake1FAKE2fake3FAKE4fake5FAK";
        assertThat(Redactor.NONE.clean("key " + fakeGoogleKey + " is invalid"))
                .isEqualTo("key *** is invalid");
    }
}
