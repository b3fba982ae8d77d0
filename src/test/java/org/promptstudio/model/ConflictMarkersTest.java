package org.promptstudio.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The markers git writes into a file it could not merge (git-merge(1), "HOW CONFLICTS ARE PRESENTED"). */
class ConflictMarkersTest {

    @Test
    void findsTheFirstMarkerLine() {
        String text = "intro\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> feature\nend\n";
        assertThat(ConflictMarkers.find(text)).contains(new ConflictMarkers.Marker(2, "<<<<<<<"));
    }

    @Test
    void findsDiff3StyleAndLeftoverClosingMarkers() {
        assertThat(ConflictMarkers.find("a\n||||||| base\nb\n")).contains(new ConflictMarkers.Marker(2, "|||||||"));
        assertThat(ConflictMarkers.find("a\nb\n>>>>>>> theirs")).contains(new ConflictMarkers.Marker(3, ">>>>>>>"));
        assertThat(ConflictMarkers.find("<<<<<<<\nx")).contains(new ConflictMarkers.Marker(1, "<<<<<<<"));
    }

    @Test
    void countsLinesWithCarriageReturns() {
        assertThat(ConflictMarkers.find("a\r\nb\r\n<<<<<<< HEAD\r\n")).contains(new ConflictMarkers.Marker(3, "<<<<<<<"));
        assertThat(ConflictMarkers.find("a\rb\r<<<<<<< HEAD\r")).contains(new ConflictMarkers.Marker(3, "<<<<<<<"));
    }

    @Test
    void markdownUnderlinesArrowsAndIndentedMarkersAreNotConflicts() {
        assertThat(ConflictMarkers.find("Title\n=======\n\nText")).isEmpty();
        assertThat(ConflictMarkers.find("a <<<<<<< b\n  >>>>>>> x\n<<<<<<<<< nine\n>>>>>>>>\n")).isEmpty();
        assertThat(ConflictMarkers.find("")).isEmpty();
    }
}
