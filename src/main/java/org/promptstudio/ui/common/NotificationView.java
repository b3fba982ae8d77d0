package org.promptstudio.ui.common;

import atlantafx.base.controls.Notification;
import atlantafx.base.theme.Styles;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;

/**
 * The notices of a {@link Notifications}, stacked: each a short message with a close button and, when there is more, a
 * "Details" button that shows the details below it. It takes no room while there is no notice, and is meant to sit
 * beside the views, not over them (the shell puts it below the tabs), so a notice the user has not closed never hides
 * a view's controls (decision 0102).
 */
public final class NotificationView {

    private final VBox root = new VBox(8);
    private final Notifications notifications;

    public NotificationView(Notifications notifications) {
        this.notifications = notifications;
        root.setId("notifications");
        root.setAlignment(Pos.BOTTOM_RIGHT);
        root.setPickOnBounds(false);
        root.setMaxSize(460, Double.MAX_VALUE);
        notifications.notices().addListener((ListChangeListener<Notifications.Notice>) c -> fill());
        fill();
    }

    /** The stack; put it below the content, on the right, not over the content. */
    public Node node() {
        return root;
    }

    private void fill() {
        root.getChildren().clear();
        root.setPadding(notifications.notices().isEmpty() ? javafx.geometry.Insets.EMPTY
                : new javafx.geometry.Insets(8, 12, 8, 12));
        for (Notifications.Notice notice : notifications.notices()) {
            root.getChildren().add(card(notice));
        }
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
