package org.promptstudio.workspace;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.promptstudio.model.LabelSchema;

/**
 * One entry of {@code labels:} in {@code studio.yaml}, as written: a label schema. {@link StudioConfigReader} checks
 * it; {@link #schema()} makes the {@link LabelSchema}.
 *
 * @param type     rating, thumbs, category, categories, correction, pairwise, ranking or comment
 * @param scale    a rating's integer scale
 * @param points   descriptions of some rating points, by point ({@code 1: Wrong or harmful})
 * @param comment  whether a free-text comment goes with each label (null: no)
 */
public record LabelConfig(String name, String type, String description, Scale scale, Map<String, String> points,
                          List<String> categories, Boolean comment) {

    /** A rating's scale, both ends included. */
    public record Scale(Integer min, Integer max) {
    }

    /** The schema this entry defines; call only on an entry the reader has checked. */
    public LabelSchema schema() {
        Map<Integer, String> byPoint = new LinkedHashMap<>();
        if (points != null) points.forEach((k, v) -> byPoint.put(Integer.parseInt(k.strip()), v));
        return new LabelSchema(name, LabelSchema.Type.of(type), description, scale == null ? null : scale.min(),
                scale == null ? null : scale.max(), byPoint, categories, Boolean.TRUE.equals(comment));
    }
}
