package io.aerohadoop.tools;

/** A bad command line: the message names the argument at fault and what is wrong with it. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
