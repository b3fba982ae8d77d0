package org.promptstudio.provider;

import org.promptstudio.model.GenerationParams;

/**
 * When the response cache is read and written. Only a call at temperature 0 asks for the same answer each time,
 * so by default only such calls are cached; an unset temperature means the provider's default, usually above 0,
 * so it is not cached either.
 */
public enum CachePolicy {
    /** The default: read and write calls at temperature 0; other calls go to the model and are not kept. */
    AUTO,
    /** Read and write every call, whatever its temperature (asked for on a run). */
    ALWAYS,
    /** {@code --refresh}: never read, write every call; recordings are made anew. */
    REFRESH,
    /** {@code --no-cache}: never read or write. */
    OFF;

    public boolean reads(GenerationParams params) {
        return this == ALWAYS || this == AUTO && atTemperatureZero(params);
    }

    public boolean writes(GenerationParams params) {
        return this == ALWAYS || this == REFRESH || this == AUTO && atTemperatureZero(params);
    }

    /** The policy for a run's flags; {@code --no-cache} with {@code --refresh} or {@code --cache} is refused. */
    public static CachePolicy fromFlags(boolean noCache, boolean refresh, boolean always) {
        if (noCache && (refresh || always)) {
            throw new IllegalArgumentException("--no-cache cannot be combined with " + (refresh ? "--refresh" : "--cache"));
        }
        if (noCache) return OFF;
        if (refresh) return REFRESH;
        return always ? ALWAYS : AUTO;
    }

    private static boolean atTemperatureZero(GenerationParams params) {
        return params != null && params.temperature() != null && params.temperature() == 0.0;
    }
}
