package io.aerohadoop.examples.weblog;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class SessionTest {
    private static List<String> render(List<Session> sessions) {
        List<String> out = new ArrayList<>();
        for (Session s : sessions) {
            out.add(s.start() + ".." + s.end() + "x" + s.hits());
        }
        return out;
    }

    @Test
    public void aHitExactlyOneGapAfterThePreviousStaysInTheSessionOneSecondMoreStartsANewOne() {
        long[] times = {100, 1300, 2501, 2502};
        assertEquals(List.of("100..1300x2", "2501..2502x2"), render(Session.split(times, 1200)));
    }

    @Test
    public void aSingleHitIsASessionOfZeroDurationAndNoHitsNoSession() {
        List<Session> one = Session.split(new long[] {42}, 60);
        assertEquals(List.of("42..42x1"), render(one));
        assertEquals(0, one.get(0).durationSeconds());
        assertEquals(List.of(), render(Session.split(new long[0], 60)));
    }

    @Test
    public void hitsAtTheSameSecondCountSeparately() {
        assertEquals(List.of("5..5x3", "100..160x2"), render(Session.split(new long[] {5, 5, 5, 100, 160}, 60)));
    }
}
