package org.promptstudio.model;

import java.util.Map;

/** One piece of a message: text, a media reference, or a pending section placeholder. */
public sealed interface Part permits Part.Text, Part.Media, Part.Pending {

    /** Plain text. */
    record Text(String text) implements Part {
        public Text {
            if (text == null) throw new IllegalArgumentException("text is null");
        }
    }

    /** A media reference (image, audio, ...); {@code contentType} may be null. */
    record Media(String url, String contentType) implements Part {
        public Media {
            if (url == null) throw new IllegalArgumentException("url is null");
        }
    }

    /** A placeholder a later stage fills, e.g. {@code {{section "output"}}}. */
    record Pending(Map<String, Object> metadata) implements Part {
        public Pending {
            metadata = Map.copyOf(metadata);
        }
    }
}
