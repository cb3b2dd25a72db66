package io.aerohadoop.yarnit;

import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Hadoop's AM and shuffle handler bind every interface on ephemeral ports; tests here may only
 * reach loopback. So the suite runs in a network namespace of its own that has nothing else
 * ({@code unshare -n}), and refuses to start anywhere else.
 */
final class LoopbackOnly {
    private LoopbackOnly() {}

    static void require() throws SocketException {
        List<String> others = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                others.add(nic.getName());
            }
        }
        if (!others.isEmpty()) {
            throw new IllegalStateException("interfaces other than loopback are up " + others
                    + ": run this suite in a loopback-only network namespace, as `scripts/test yarn` does"
                    + " (unshare -n bash -c 'ip link set lo up && gradle --offline ... :yarn-it:yarnTest')");
        }
    }
}
