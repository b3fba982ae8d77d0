package org.promptstudio.provider;

import java.util.Locale;
import org.promptstudio.model.Part;

/**
 * A media part as the wire formats need it: inline ({@code data:} URL: its type and base64 data) or by URL, with
 * its content type from the data URL, the part, or the file extension.
 */
record MediaRef(String url, String contentType, String base64) {

    static MediaRef of(Part.Media media) {
        String url = media.url().strip();
        if (url.regionMatches(true, 0, "data:", 0, 5)) {
            int comma = url.indexOf(',');
            if (comma < 0) throw new IllegalArgumentException("a data: URL without ','");
            String meta = url.substring(5, comma);
            if (!meta.toLowerCase(Locale.ROOT).endsWith(";base64")) {
                throw new IllegalArgumentException("a data: URL that is not base64");
            }
            String type = meta.substring(0, meta.length() - ";base64".length());
            if (type.isBlank()) type = media.contentType();
            return new MediaRef(url, type == null || type.isBlank() ? "application/octet-stream" : type,
                    url.substring(comma + 1));
        }
        String type = media.contentType() != null ? media.contentType() : guessType(url);
        return new MediaRef(url, type, null);
    }

    boolean inline() {
        return base64 != null;
    }

    boolean image() {
        return contentType.startsWith("image/");
    }

    private static String guessType(String url) {
        String path = url.toLowerCase(Locale.ROOT).replaceAll("[?#].*$", "");
        if (path.endsWith(".png")) return "image/png";
        if (path.endsWith(".jpg") || path.endsWith(".jpeg")) return "image/jpeg";
        if (path.endsWith(".gif")) return "image/gif";
        if (path.endsWith(".webp")) return "image/webp";
        if (path.endsWith(".pdf")) return "application/pdf";
        if (path.endsWith(".mp3")) return "audio/mpeg";
        if (path.endsWith(".wav")) return "audio/wav";
        return "image/jpeg"; // media in prompts are images unless they say otherwise
    }
}
