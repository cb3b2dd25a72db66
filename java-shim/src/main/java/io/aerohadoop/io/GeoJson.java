package io.aerohadoop.io;

import java.io.Serializable;
import java.util.Objects;

/**
 * A GeoJSON bin value (Aerospike particle type 23): the GeoJSON text, kept apart from a plain
 * string so that writing it back stores a geospatial value again.
 */
public final class GeoJson implements Serializable {
    // Held in AerospikeRecord's bins, which Spark serializes.
    private static final long serialVersionUID = 1L;

    private final String json;

    public GeoJson(String json) {
        this.json = Objects.requireNonNull(json, "json");
    }

    /** The GeoJSON document as text. */
    public String json() {
        return json;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GeoJson && ((GeoJson) o).json.equals(json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return "GeoJson" + json;
    }
}
