package org.promptstudio.ui.common;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javafx.scene.Node;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/** A read-only code view with line numbers that shows a {@link HighlightedText}; styled by source-area.css. */
public final class SourceArea {

    private final CodeArea area = new CodeArea();
    private final VirtualizedScrollPane<CodeArea> scroll = new VirtualizedScrollPane<>(area);

    public SourceArea(String id) {
        area.setId(id);
        area.setEditable(false);
        area.setWrapText(true);
        area.setParagraphGraphicFactory(LineNumberFactory.get(area));
        area.getStyleClass().add("source-area");
        scroll.getStyleClass().add("source-scroll");
        scroll.getStylesheets().add(Objects.requireNonNull(
                SourceArea.class.getResource("source-area.css")).toExternalForm());
    }

    /** The node to put in a layout (the area inside its scroll pane). */
    public Node node() {
        return scroll;
    }

    public CodeArea area() {
        return area;
    }

    public void show(HighlightedText text) {
        area.replaceText(text.text());
        if (!text.text().isEmpty()) area.setStyleSpans(0, spans(text));
        area.moveTo(0);
        area.showParagraphAtTop(0);
    }

    static StyleSpans<Collection<String>> spans(HighlightedText text) {
        StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
        int at = 0;
        for (HighlightedText.Range r : text.ranges()) {
            if (r.start() < at || r.end() > text.text().length()) continue;
            if (r.start() > at) b.add(Collections.emptyList(), r.start() - at);
            b.add(List.of(r.styleClass()), r.end() - r.start());
            at = r.end();
        }
        b.add(Collections.emptyList(), text.text().length() - at);
        return b.create();
    }
}
