package io.aerohadoop.examples.weblog;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.time.Instant;
import org.junit.Test;

public class AccessLogEntryTest {
    @Test
    public void parsesUserTimePathStatusAndBytesOfACommonLogFormatLine() {
        AccessLogEntry e = AccessLogEntry.parse(
                "37518 - - [16/Jun/1998:02:48:36 +0000] \"GET /images/hm_hola.gif HTTP/1.0\" 200 2240").get();
        assertEquals(37518, e.userId());
        assertEquals(Instant.parse("1998-06-16T02:48:36Z").getEpochSecond(), e.epochSeconds());
        assertEquals("/images/hm_hola.gif", e.path());
        assertEquals(200, e.status());
        assertEquals(2240, e.bytes());
    }

    @Test
    public void aTimeZoneOtherThanUtcIsAppliedAndADashForBytesIsZero() {
        AccessLogEntry e = AccessLogEntry.parse("7 - - [01/Jan/2000:01:00:00 +0100] \"GET / HTTP/1.0\" 304 -").get();
        assertEquals(Instant.parse("2000-01-01T00:00:00Z").getEpochSecond(), e.epochSeconds());
        assertEquals(0, e.bytes());
    }

    @Test
    public void linesNotInTheFormatAreRefused() {
        assertFalse(AccessLogEntry.parse("").isPresent());
        assertFalse(AccessLogEntry.parse("GET /robots.txt").isPresent());
        assertFalse(AccessLogEntry.parse(
                "37518 - - [16/Jun/1998:xx:48:36 +0000] \"GET / HTTP/1.0\" 200 12").isPresent());
        // The user id must be a number: host names are not user ids.
        assertFalse(AccessLogEntry.parse(
                "host.example - - [16/Jun/1998:02:48:36 +0000] \"GET / HTTP/1.0\" 200 12").isPresent());
        assertFalse(AccessLogEntry.parse(
                "99999999999999999999 - - [16/Jun/1998:02:48:36 +0000] \"GET / HTTP/1.0\" 200 12").isPresent());
    }
}
