package org.promptstudio.provider;

import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.ModelRef;

/** The settings a call is sent with: the prompt's {@code config}, then the model's, then the run's, each winning. */
public final class EffectiveParams {

    private EffectiveParams() {
    }

    public static GenerationParams of(GenerationParams prompt, ModelRef model, GenerationParams run) {
        GenerationParams base = prompt == null ? GenerationParams.NONE : prompt;
        return base.overriddenBy(model == null ? null : model.params()).overriddenBy(run);
    }
}
