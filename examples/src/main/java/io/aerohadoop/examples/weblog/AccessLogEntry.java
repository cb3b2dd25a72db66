package io.aerohadoop.examples.weblog;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of a web server log in Common Log Format whose first field is a numeric user id:
 * {@code 1040 - - [16/Jun/1998:00:02:23 +0000] "GET /index.html HTTP/1.0" 200 2240}.
 * The session, profile and join examples read examples/data/access.log in this format.
 */
public final class AccessLogEntry {
    private static final Pattern LINE = Pattern.compile(
            "^(\\d+) \\S+ \\S+ \\[([^\\]]+)\\] \"\\S+ (\\S+)[^\"]*\" (\\d{3}) (\\d+|-)$");
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    private final long userId;
    private final long epochSeconds;
    private final String path;
    private final int status;
    private final long bytes;

    private AccessLogEntry(long userId, long epochSeconds, String path, int status, long bytes) {
        this.userId = userId;
        this.epochSeconds = epochSeconds;
        this.path = path;
        this.status = status;
        this.bytes = bytes;
    }

    /** The entry of {@code line}, or empty when the line is not in the expected format. */
    public static Optional<AccessLogEntry> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            long user = Long.parseLong(m.group(1));
            long time = ZonedDateTime.parse(m.group(2), TIME).toEpochSecond();
            // "-": the answer had no body (a 304, say).
            long size = "-".equals(m.group(5)) ? 0 : Long.parseLong(m.group(5));
            return Optional.of(new AccessLogEntry(user, time, m.group(3), Integer.parseInt(m.group(4)), size));
        } catch (NumberFormatException | DateTimeParseException e) {
            // A user id too long for a long or a timestamp such as 16/Jun/1998:xx:48:36.
            return Optional.empty();
        }
    }

    public long userId() {
        return userId;
    }

    public long epochSeconds() {
        return epochSeconds;
    }

    public String path() {
        return path;
    }

    public int status() {
        return status;
    }

    /** Bytes of the answer's body; 0 when the log says {@code -}. */
    public long bytes() {
        return bytes;
    }
}
