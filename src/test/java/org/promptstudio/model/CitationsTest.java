package org.promptstudio.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What an answer cites (decision 0141): bracketed numbers, lists and ranges, each with its place in the text. */
class CitationsTest {

    @Test
    void eachNumberOfAListHasItsOwnPlace() {
        String text = "Paid in 14 days [1, 2]. Free shipping [3][4].";
        List<Citations.Reference> refs = Citations.in(text);
        assertThat(refs).extracting(Citations.Reference::from).containsExactly(1, 2, 3, 4);
        assertThat(refs).extracting(r -> text.substring(r.start(), r.end())).containsExactly("1", "2", "3", "4");
        assertThat(refs.get(1).start()).isEqualTo(text.indexOf("2]"));
    }

    @Test
    void aRangeCitesTheNumbersInIt() {
        String text = "See [2-4] and [6 \u2013 5] and [1-900].";
        List<Citations.Reference> refs = Citations.in(text);
        assertThat(refs).extracting(r -> text.substring(r.start(), r.end())).containsExactly("2-4", "6 \u2013 5", "1-900");
        assertThat(Citations.numbers(text)).containsExactly(2, 3, 4, 6, 5, 1, 900);
    }

    @Test
    void onlyNumbersInBracketsAreCitations() {
        assertThat(Citations.numbers("[TODO] [returns-policy] [EMAIL_1] [^1] [see 2] [a](https://x.test) [2](x)"
                + " [1,] [] [12345]")).isEmpty();
        assertThat(Citations.numbers("In [2024] and [0].")).containsExactly(2024, 0);
        assertThat(Citations.numbers(null)).isEmpty();
    }
}
