package io.aerohadoop.it;

/** Text of an exception and all its causes, for asserting on what a failure says. */
final class Failures {
    private Failures() {}

    static String chain(Throwable t) {
        StringBuilder out = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            out.append(c.getClass().getName()).append(": ").append(c.getMessage()).append('\n');
        }
        return out.toString();
    }
}
