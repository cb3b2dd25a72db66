package io.aerohadoop.it;

import com.aerospike.client.Key;

/** The Java client's key (and so its digest) for a user key of any of the three key types. */
final class ParticleKeys {
    private ParticleKeys() {}

    static Key key(String namespace, String set, Object userKey) {
        if (userKey instanceof Long) {
            return new Key(namespace, set, (Long) userKey);
        } else if (userKey instanceof String) {
            return new Key(namespace, set, (String) userKey);
        } else if (userKey instanceof byte[]) {
            return new Key(namespace, set, (byte[]) userKey);
        }
        throw new IllegalArgumentException("no user key type: " + userKey);
    }
}
