package io.aerohadoop.config;

/**
 * What it takes to reach a cluster, and which configuration keys said so: the part a read and a
 * write configuration share, so one connect path can name the right key when it fails.
 */
public interface ClusterSettings {
    /** Seed hosts, {@code host:port,host:port}. */
    String seeds();

    /** The key the seeds came from ({@code aerospike.input.hosts}, or host/port), for errors. */
    String seedKey();

    /** That key's value as configured. */
    String seedValue();

    /** How the seeds were chosen, in words, for errors. */
    String seedSource();

    /** User, or null when the cluster needs no login. */
    String user();

    /** Password, or null. Never logged. */
    String password();

    int timeoutMs();

    /** The user key of this direction ({@code aerospike.input.user} or {@code aerospike.output.user}). */
    String userKey();

    /** The password key of this direction. */
    String passwordKey();

    /** PEM file of the CA for TLS, or null for a clear-text connection. */
    String tlsCaFile();

    /** The name the nodes' certificates must carry, or null (each seed's host). */
    String tlsName();

    /** Client certificate and key files for mutual TLS, or null. */
    String tlsCertFile();

    String tlsKeyFile();

    /** The CA file key of this direction, for errors about TLS. */
    String tlsCaFileKey();
}
