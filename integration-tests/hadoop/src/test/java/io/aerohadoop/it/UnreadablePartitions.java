package io.aerohadoop.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the partitions a failed read names. The reader's failure reads
 * {@code cannot read partitions <unread> of namespace '<ns>' (<split>): no master node for
 * partitions <orphans> (...) ... (result code 11, ...)}, or {@code ... for any of them ...} when every
 * unread partition is an orphan; partition lists are comma-separated numbers and {@code a-b} ranges.
 */
final class UnreadablePartitions {
    private static final Pattern UNREAD = Pattern.compile("cannot read partitions ([0-9, -]+) of namespace");
    private static final Pattern ORPHANS = Pattern.compile("no master node for partitions ([0-9, -]+) \\(");
    private static final String ALL_ORPHANS = "no master node for any of them";

    private UnreadablePartitions() {}

    /**
     * The failure names the partitions that could not be read: those of the stopped node
     * ({@code lost}) its split had not finished, as the ones without a master, with result code 11.
     */
    static void assertNamed(String failure, Set<Integer> lost) {
        Matcher unreadMatch = UNREAD.matcher(failure);
        assertTrue("the failure names no unread partitions:\n" + failure, unreadMatch.find());
        Set<Integer> unread = parse(unreadMatch.group(1));
        Set<Integer> unreadable = new TreeSet<>(unread);
        unreadable.retainAll(lost);
        assertFalse("none of the unread partitions " + unread + " was the stopped node's", unreadable.isEmpty());
        Set<Integer> orphans;
        if (failure.contains(ALL_ORPHANS)) {
            orphans = unread;
        } else {
            Matcher orphanMatch = ORPHANS.matcher(failure);
            assertTrue("the failure does not say which partitions have no master:\n" + failure, orphanMatch.find());
            orphans = parse(orphanMatch.group(1));
        }
        assertEquals("partitions named as without a master", unreadable, orphans);
        assertTrue("result code 11 (partition unavailable):\n" + failure, failure.contains("result code 11"));
    }

    /** {@code "1, 4-6, 9"} -> {1, 4, 5, 6, 9}. */
    static Set<Integer> parse(String list) {
        Set<Integer> out = new TreeSet<>();
        for (String part : list.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int dash = p.indexOf('-');
            int first = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
            int last = dash < 0 ? first : Integer.parseInt(p.substring(dash + 1));
            for (int i = first; i <= last; i++) {
                out.add(i);
            }
        }
        return out;
    }
}
