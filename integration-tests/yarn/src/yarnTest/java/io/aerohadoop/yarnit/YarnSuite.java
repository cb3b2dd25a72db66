package io.aerohadoop.yarnit;

import org.junit.AfterClass;
import org.junit.runner.RunWith;
import org.junit.runners.Suite;

/**
 * Every class of this suite, on one cluster: started by the first class that asks
 * ({@link YarnCluster#get}), stopped here once all have run. The build runs only this class.
 */
@RunWith(Suite.class)
@Suite.SuiteClasses({
    StockWordCountOnYarnTest.class,
    ProbeJobOnYarnTest.class,
    UberTaskTest.class,
    ToolsOnYarnTest.class,
    io.aerohadoop.examples.ExamplesOnYarnTest.class,
})
public class YarnSuite {
    @AfterClass
    public static void stopCluster() {
        YarnCluster.stopIfStarted();
    }
}
