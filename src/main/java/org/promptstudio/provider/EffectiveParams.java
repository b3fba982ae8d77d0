package org.promptstudio.provider;

import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.ModelRef;

/**
 * The settings a call is sent with: the prompt's {@code config}, then the model's, then the run's, each winning, each
 * first cut to what the model's provider takes ({@link ProviderSettings#forModel}): the prompt's and the run's are
 * shared by every model they run on, the model's are its own.
 */
public final class EffectiveParams {

    private EffectiveParams() {
    }

    /**
     * @throws ProviderException naming the key and the model when a shared setting belongs to no provider or to
     *                           several (see {@link ProviderSettings})
     */
    public static GenerationParams of(GenerationParams prompt, ModelRef model, GenerationParams run) {
        GenerationParams base = prompt == null ? GenerationParams.NONE : prompt;
        if (model == null) return base.overriddenBy(run);
        return ProviderSettings.forModel(base, model, true)
                .overriddenBy(ProviderSettings.forModel(model.params(), model, false))
                .overriddenBy(run == null ? null : ProviderSettings.forModel(run, model, true));
    }
}
