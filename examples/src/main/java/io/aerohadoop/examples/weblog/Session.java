package io.aerohadoop.examples.weblog;

import java.util.ArrayList;
import java.util.List;

/**
 * A user's visit: hits no further apart than the session gap. Times are epoch seconds of the
 * first and the last hit.
 */
public final class Session {
    private final long start;
    private final long end;
    private final int hits;

    public Session(long start, long end, int hits) {
        this.start = start;
        this.end = end;
        this.hits = hits;
    }

    /**
     * Cuts one user's hit times into sessions: a hit more than {@code gapSeconds} after the previous
     * one starts a new session (a hit exactly {@code gapSeconds} later still belongs to it).
     *
     * @param sortedTimes epoch seconds, ascending
     */
    public static List<Session> split(long[] sortedTimes, long gapSeconds) {
        List<Session> sessions = new ArrayList<>();
        if (sortedTimes.length == 0) {
            return sessions;
        }
        long start = sortedTimes[0];
        long last = start;
        int hits = 1;
        for (int i = 1; i < sortedTimes.length; i++) {
            long t = sortedTimes[i];
            if (t - last > gapSeconds) {
                sessions.add(new Session(start, last, hits));
                start = t;
                hits = 0;
            }
            hits++;
            last = t;
        }
        sessions.add(new Session(start, last, hits));
        return sessions;
    }

    /** A session's key: unique per user and start, readable in aql: {@code <user>-<start>}. */
    public static String id(long userId, long start) {
        return userId + "-" + start;
    }

    public long start() {
        return start;
    }

    public long end() {
        return end;
    }

    public int hits() {
        return hits;
    }

    public long durationSeconds() {
        return end - start;
    }
}
