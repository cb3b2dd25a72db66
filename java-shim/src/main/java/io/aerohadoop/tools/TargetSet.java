package io.aerohadoop.tools;

import io.aerohadoop.io.AerospikeKey;
import org.apache.hadoop.conf.Configuration;

/**
 * Moves records into the set given on the command line (import --set, copy --to-set). The output
 * format writes a key that names a set into that set; a record with a user key gets the digest of
 * (new set, key), one without is written by its digest.
 */
final class TargetSet {
    /** The set records go to; unset: each keeps the set it has. */
    static final String KEY = "aerohadoop.tools.target.set";

    private final String set;

    TargetSet(Configuration conf) {
        String s = conf.getTrimmed(KEY);
        this.set = s == null || s.isEmpty() ? null : s;
    }

    void apply(AerospikeKey key) {
        if (set != null && !set.equals(key.set())) {
            key.set(key.namespace(), set, key.digest(), key.userKey());
        }
    }

    String set() {
        return set;
    }
}
