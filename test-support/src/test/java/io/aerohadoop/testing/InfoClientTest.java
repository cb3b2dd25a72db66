package io.aerohadoop.testing;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.Test;

public class InfoClientTest {
    @Test
    public void headerIsVersion2Type1AndBigEndianLength() {
        assertArrayEquals(new byte[] {2, 1, 0, 0, 0, 0, 0x01, 0x02}, InfoClient.header(0x0102));
        assertArrayEquals(new byte[] {2, 1, 0, 0, 0, 0, 0, 5}, InfoClient.header(5));
    }

    @Test
    public void valueIsWhatFollowsTheTab() throws IOException {
        assertEquals("BB9", InfoClient.valueOf("n", "node", "node\tBB9\n"));
        assertEquals("", InfoClient.valueOf("n", "services", "services\t\n"));
    }

    @Test
    public void errorAnswerBecomesExceptionWithTheNodeAndText() {
        try {
            InfoClient.valueOf("127.0.0.1:3000", "aerolite-control:x", "aerolite-control:x\tERROR:4:unknown\n");
            fail("no exception");
        } catch (IOException e) {
            assertEquals("127.0.0.1:3000 refused 'aerolite-control:x': ERROR:4:unknown", e.getMessage());
        }
    }

    @Test
    public void closedPortFailsWithIOException() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try {
            InfoClient.request("127.0.0.1", port, "node", 1000);
            fail("connected to a closed port");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().toLowerCase().contains("refused"));
        }
    }
}
