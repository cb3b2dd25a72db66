package io.aerohadoop.bench.write;

import io.aerohadoop.bench.Contender;

/**
 * A writer of the whole workload into its own set: the namespace is emptied before each run and
 * the set must hold exactly the workload's records after it, or the benchmark fails.
 */
abstract class SetWriter implements Contender {
    final Workload workload;
    final WrittenSet target;

    SetWriter(Workload workload, WrittenSet target) {
        this.workload = workload;
        this.target = target;
    }

    @Override
    public void prepare() {
        target.empty();
    }

    @Override
    public void verify() throws Exception {
        target.expect(label(), workload.size());
    }
}
