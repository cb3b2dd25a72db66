package io.aerohadoop.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The smallest Aerospike info client: one command, one answer, one socket. Enough for fixtures to
 * talk to aerolite (and to check what a node says) without an Aerospike client library.
 *
 * <p>Wire format: an 8-byte header (version 2, type 1 = info, 6-byte big-endian body length), then
 * the body {@code command\n}; the answer has the same header and the body {@code command\tvalue\n}.
 */
public final class InfoClient {
    private static final int VERSION = 2;
    private static final int TYPE_INFO = 1;
    /** Answers larger than this are not info answers a fixture asks for. */
    private static final long MAX_ANSWER = 64L << 20;

    private InfoClient() {}

    /**
     * Sends {@code command} to {@code host:port} and returns the value of the answer.
     *
     * @throws IOException if the node cannot be reached, times out, answers malformed, or answers
     *     {@code ERROR:...} (the message holds the node's error text)
     */
    public static String request(String host, int port, String command, int timeoutMs) throws IOException {
        if (command.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("an info command cannot contain a newline: " + command);
        }
        byte[] body = (command + "\n").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            socket.setSoTimeout(timeoutMs);
            OutputStream out = socket.getOutputStream();
            out.write(header(body.length));
            out.write(body);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            long head = in.readLong();
            int version = (int) (head >>> 56);
            int type = (int) (head >>> 48) & 0xff;
            long length = head & 0xffff_ffff_ffffL;
            if (version != VERSION || type != TYPE_INFO || length > MAX_ANSWER) {
                throw new IOException(host + ":" + port + " answered '" + command + "' with a bad header: version "
                        + version + ", type " + type + ", length " + length);
            }
            byte[] answer = new byte[(int) length];
            in.readFully(answer);
            return valueOf(host + ":" + port, command, new String(answer, StandardCharsets.UTF_8));
        }
    }

    static byte[] header(long length) {
        long head = ((long) VERSION << 56) | ((long) TYPE_INFO << 48) | length;
        byte[] h = new byte[8];
        for (int i = 0; i < 8; i++) {
            h[i] = (byte) (head >>> (56 - 8 * i));
        }
        return h;
    }

    /** The value in {@code command\tvalue\n}; an {@code ERROR} value becomes an exception. */
    static String valueOf(String node, String command, String answer) throws IOException {
        String line = answer.endsWith("\n") ? answer.substring(0, answer.length() - 1) : answer;
        int tab = line.indexOf('\t');
        String value = tab >= 0 ? line.substring(tab + 1) : "";
        if (value.startsWith("ERROR")) {
            throw new IOException(node + " refused '" + command + "': " + value);
        }
        return value;
    }
}
