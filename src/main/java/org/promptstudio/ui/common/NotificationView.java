package org.promptstudio.ui.common;

import java.util.List;
import atlantafx.base.controls.Notification;
import atlantafx.base.theme.Styles;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;

/**
 * The notices of a {@link Notifications}: the newest one, each a short message with a close button and, when there is
 * more, a "Details" button that shows the details below it; the older ones behind "+N more". It takes no room while
 * there is no notice, and is meant to sit beside the views, not over them (the shell puts it below the tabs, on the
 * right), so a notice the user has not closed never hides a view's controls (decision 0102). It never takes more than
 * {@link #HEIGHT_SHARE} of the window's height: what is more scrolls (decision 0109).
 */
public final class NotificationView {

    /** The most of the window's height the notices take, with every older one shown and details open. */
    public static final double HEIGHT_SHARE = 0.3;

    private final VBox root = new VBox(4);
    private final VBox cards = new VBox(8);
    private final ScrollPane scroll = new ScrollPane(cards);
    private final Button more = new Button();
    private final Notifications notifications;
    private boolean expanded;

    public NotificationView(Notifications notifications) {
        this.notifications = notifications;
        root.setId("notifications");
        root.setAlignment(Pos.BOTTOM_RIGHT);
        root.setPickOnBounds(false);
        root.setMaxSize(460, Double.MAX_VALUE);
        cards.setAlignment(Pos.BOTTOM_RIGHT);
        scroll.setId("notificationsScroll");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("edge-to-edge");
        scroll.setMaxHeight(Double.MAX_VALUE);
        root.sceneProperty().addListener((o, was, now) -> {
            scroll.maxHeightProperty().unbind();
            if (now != null) scroll.maxHeightProperty().bind(now.heightProperty().multiply(HEIGHT_SHARE));
        });
        more.setId("notificationsMore");
        more.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
        more.setOnAction(e -> {
            expanded = !expanded;
            fill();
        });
        notifications.notices().addListener((ListChangeListener<Notifications.Notice>) c -> {
            if (notifications.notices().size() <= 1) expanded = false;
            fill();
        });
        fill();
    }

    /** The stack; put it below the content, on the right, not over the content. */
    public Node node() {
        return root;
    }

    private void fill() {
        root.getChildren().clear();
        cards.getChildren().clear();
        List<Notifications.Notice> all = notifications.notices();
        if (all.isEmpty()) {
            root.setPadding(javafx.geometry.Insets.EMPTY);
            return;
        }
        root.setPadding(new javafx.geometry.Insets(8, 12, 8, 12));
        int older = all.size() - 1;
        if (older > 0) {
            more.setText(expanded ? "Show the newest only" : "+" + older + " more");
            root.getChildren().add(more);
        }
        // oldest first, so the newest sits at the bottom, nearest the status bar, as it did alone
        for (Notifications.Notice notice : expanded ? all : all.subList(older, all.size())) {
            cards.getChildren().add(card(notice));
        }
        root.getChildren().add(scroll);
        scroll.setVvalue(1);
    }

    private Node card(Notifications.Notice notice) {
        boolean error = notice.level() == Notifications.Level.ERROR;
        Notification card = new Notification(notice.message(), (error ? AppIcon.ERROR : AppIcon.INFO).icon());
        card.getStyleClass().addAll(Styles.ELEVATED_1, error ? Styles.DANGER : Styles.ACCENT);
        card.setId("notification");
        card.setPrefWidth(440);
        card.setMaxHeight(Notification.USE_PREF_SIZE);
        card.setOnClose(e -> notifications.dismiss(notice));
        if (!notice.details().isEmpty()) {
            TextArea details = new TextArea(notice.details());
            details.setId("notificationDetails");
            details.setEditable(false);
            details.setPrefRowCount(8);
            details.setVisible(false);
            details.setManaged(false);
            Button toggle = new Button("Details");
            toggle.setId("notificationDetailsButton");
            toggle.getStyleClass().add(Styles.FLAT);
            toggle.setOnAction(e -> {
                boolean show = !details.isVisible();
                details.setVisible(show);
                details.setManaged(show);
                toggle.setText(show ? "Hide details" : "Details");
            });
            card.setPrimaryActions(toggle);
            VBox box = new VBox(4, card, details);
            box.setMaxHeight(VBox.USE_PREF_SIZE);
            return box;
        }
        return card;
    }
}
