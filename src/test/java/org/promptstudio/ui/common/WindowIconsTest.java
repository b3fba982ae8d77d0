package org.promptstudio.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class WindowIconsTest {

    @Test
    void everyIconSizeIsOnTheClassPathAsASquareOfThatSize() throws Exception {
        for (int size : WindowIcons.SIZES) {
            String name = "/org/promptstudio/ui/icons/prompt-studio-" + size + ".png";
            try (InputStream in = WindowIcons.class.getResourceAsStream(name)) {
                assertThat(in).as(name + " (assets/make-icons.sh renders it)").isNotNull();
                BufferedImage image = ImageIO.read(in);
                assertThat(image.getWidth()).as(name).isEqualTo(size);
                assertThat(image.getHeight()).as(name).isEqualTo(size);
                assertThat(image.getColorModel().hasAlpha()).as(name + " has transparent corners").isTrue();
            }
        }
    }
}
