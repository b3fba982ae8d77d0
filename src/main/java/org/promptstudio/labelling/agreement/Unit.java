package org.promptstudio.labelling.agreement;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One unit of reliability data (a labelled item): its id and the value each annotator gave it. An annotator absent
 * from the map, or mapped to null, did not rate the unit (a missing value).
 *
 * @param id     how reports name the unit (an item id, a call id)
 * @param values annotator name to value; copied, iteration order kept
 * @param <V>    the value type: {@code String} for nominal data, a {@code Number} for ordinal, interval and ratio
 */
public record Unit<V>(String id, Map<String, V> values) {

    public Unit {
        Objects.requireNonNull(id, "id");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(values, "values")));
    }

    /** The number of values the unit has (annotators with a non-null value). */
    public int valueCount() {
        int count = 0;
        for (V value : values.values()) if (value != null) count++;
        return count;
    }
}
