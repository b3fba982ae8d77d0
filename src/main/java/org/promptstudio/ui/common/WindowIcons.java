package org.promptstudio.ui.common;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/**
 * The application's icon on the window (title bar, task bar, Alt-Tab): every size rendered from
 * {@code assets/prompt-studio.svg} by {@code assets/make-icons.sh}, which the build copies to
 * {@code org/promptstudio/ui/icons/} on the class path. The desktop picks the size it draws.
 */
public final class WindowIcons {

    /** The sizes, in pixels, of the square PNGs on the class path. */
    public static final List<Integer> SIZES = List.of(16, 32, 48, 64, 128, 256, 512);

    private static final String FOLDER = "/org/promptstudio/ui/icons/";

    private WindowIcons() {
    }

    /**
     * The icons, loaded in the background so the first frame does not wait for them; a size missing from the class
     * path is left out (a window without an icon still works).
     */
    public static List<Image> images() {
        List<Image> images = new ArrayList<>();
        for (int size : SIZES) {
            URL url = WindowIcons.class.getResource(FOLDER + "prompt-studio-" + size + ".png");
            if (url != null) images.add(new Image(url.toExternalForm(), true));
        }
        return images;
    }

    /** Puts the icons on {@code stage}; call on the FX thread. */
    public static void apply(Stage stage) {
        stage.getIcons().setAll(images());
    }
}
