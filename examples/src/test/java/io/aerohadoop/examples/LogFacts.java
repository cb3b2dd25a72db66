package io.aerohadoop.examples;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the tests expect of examples/data/access.log, worked out here without the examples' own
 * parser or session code: fields split on spaces, months looked up in a table, sessions cut by a
 * plain loop.
 */
final class LogFacts {
    static final long GAP_SECONDS = 20 * 60;
    private static final List<String> MONTHS = Arrays.asList(
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");

    /** One well-formed line. */
    static final class Hit {
        final long user;
        final long time;
        final int status;
        final long bytes;

        Hit(long user, long time, int status, long bytes) {
            this.user = user;
            this.time = time;
            this.status = status;
            this.bytes = bytes;
        }
    }

    final List<Hit> hits = new ArrayList<>();
    int malformed;

    static LogFacts of(List<String> lines) {
        LogFacts facts = new LogFacts();
        for (String line : lines) {
            Hit hit = parse(line);
            if (hit == null) {
                facts.malformed++;
            } else {
                facts.hits.add(hit);
            }
        }
        return facts;
    }

    // 1040 - - [16/Jun/1998:00:02:23 +0000] "GET /french/index.html HTTP/1.0" 304 -
    private static Hit parse(String line) {
        String[] f = line.split(" ");
        if (f.length != 10 || !f[0].matches("[0-9]+") || !f[3].startsWith("[") || !f[4].equals("+0000]")) {
            return null;
        }
        String[] t = f[3].substring(1).split("[/:]");
        if (t.length != 6 || !MONTHS.contains(t[1])) {
            return null;
        }
        try {
            LocalDateTime time = LocalDateTime.of(Integer.parseInt(t[2]), MONTHS.indexOf(t[1]) + 1,
                    Integer.parseInt(t[0]), Integer.parseInt(t[3]), Integer.parseInt(t[4]), Integer.parseInt(t[5]));
            long bytes = f[9].equals("-") ? 0 : Long.parseLong(f[9]);
            return new Hit(Long.parseLong(f[0]), time.toEpochSecond(ZoneOffset.UTC), Integer.parseInt(f[8]), bytes);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** user -> that user's hit times, ascending. */
    Map<Long, List<Long>> timesByUser() {
        Map<Long, List<Long>> byUser = new TreeMap<>();
        for (Hit h : hits) {
            byUser.computeIfAbsent(h.user, u -> new ArrayList<>()).add(h.time);
        }
        byUser.values().forEach(java.util.Collections::sort);
        return byUser;
    }

    /** {@code <user>-<start>} -> [user, start, end, hits] of every session. */
    Map<String, List<Long>> sessions() {
        Map<String, List<Long>> sessions = new TreeMap<>();
        for (Map.Entry<Long, List<Long>> e : timesByUser().entrySet()) {
            long user = e.getKey();
            List<Long> times = e.getValue();
            int first = 0;
            for (int i = 1; i <= times.size(); i++) {
                if (i == times.size() || times.get(i) - times.get(i - 1) > GAP_SECONDS) {
                    long start = times.get(first);
                    sessions.put(user + "-" + start,
                            Arrays.asList(user, start, times.get(i - 1), (long) (i - first)));
                    first = i;
                }
            }
        }
        return sessions;
    }
}
