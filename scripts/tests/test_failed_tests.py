"""scripts/failed-tests over a made-up tree of Gradle JUnit reports and JVM crash reports."""
import os
import pathlib
import subprocess
import sys
import tempfile
import time
import unittest

SCRIPT = pathlib.Path(__file__).resolve().parent.parent / "failed-tests"

FAILED_REPORT = """<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="io.aerohadoop.tools.ExportTest" tests="2" failures="1" errors="0">
  <testcase name="passes" classname="io.aerohadoop.tools.ExportTest" time="0.1"/>
  <testcase name="countsEveryRecord" classname="io.aerohadoop.tools.ExportTest" time="0.2">
    <failure message="expected:&lt;3&gt; but was:&lt;2&gt;">java.lang.AssertionError: expected:&lt;3&gt; but was:&lt;2&gt;
	at org.junit.Assert.fail(Assert.java:89)
	at io.aerohadoop.tools.ExportTest.countsEveryRecord(ExportTest.java:42)
	at java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)
	at org.gradle.api.internal.tasks.testing.junit.JUnitTestClassExecutor.run(JUnitTestClassExecutor.java:1)
	at io.aerohadoop.tools.Helper.one(Helper.java:1)
	at io.aerohadoop.tools.Helper.two(Helper.java:2)
	at io.aerohadoop.tools.Helper.three(Helper.java:3)
</failure>
  </testcase>
</testsuite>
"""

ERROR_REPORT = """<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="io.aerohadoop.it.JobTest" tests="1" failures="0" errors="1">
  <testcase name="runs" classname="io.aerohadoop.it.JobTest" time="1.0">
    <error message="boom" type="java.io.IOException">java.io.IOException: boom</error>
  </testcase>
</testsuite>
"""

PASSED_REPORT = """<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="io.aerohadoop.io.KeyTest" tests="1" failures="0" errors="0">
  <testcase name="roundTrips" classname="io.aerohadoop.io.KeyTest" time="0.1"/>
</testsuite>
"""


def write(root, relative, text, mtime=None):
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def run(root, *args):
    done = subprocess.run([sys.executable, str(SCRIPT), "--root", str(root), *args],
                          capture_output=True, text=True, check=True)
    return done.stdout.splitlines()


class FailedTestsTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.root = pathlib.Path(self.dir.name)

    def tearDown(self):
        self.dir.cleanup()

    def test_names_each_failed_test_with_its_project_and_trace_without_runner_frames(self):
        write(self.root, "java-shim/build/test-results/test/TEST-io.aerohadoop.tools.ExportTest.xml",
              FAILED_REPORT)
        write(self.root, "integration-tests/hadoop/build/test-results/test/TEST-io.aerohadoop.it.JobTest.xml",
              ERROR_REPORT)
        write(self.root, "java-shim/build/test-results/test/TEST-io.aerohadoop.io.KeyTest.xml", PASSED_REPORT)
        out = run(self.root, "--lines", "3")
        self.assertEqual(out, [
            "FAILED integration-tests/hadoop: io.aerohadoop.it.JobTest.runs",
            "    java.io.IOException: boom",
            "FAILED java-shim: io.aerohadoop.tools.ExportTest.countsEveryRecord",
            "    java.lang.AssertionError: expected:<3> but was:<2>",
            "    at io.aerohadoop.tools.ExportTest.countsEveryRecord(ExportTest.java:42)",
            "    at io.aerohadoop.tools.Helper.one(Helper.java:1)",
            "    ... (2 more lines in java-shim/build/test-results/test/TEST-io.aerohadoop.tools.ExportTest.xml)",
        ])

    def test_shows_the_head_of_a_jvm_crash_report(self):
        write(self.root, "java-shim/hs_err_pid123.log",
              "\n".join(["# A fatal error has been detected by the Java Runtime Environment:",
                         "#  SIGSEGV (0xb) at pc=0x1, pid=123"] + [f"line {i}" for i in range(40)]))
        out = run(self.root, "--lines", "2")
        self.assertEqual(out[0], "JVM CRASH java-shim/hs_err_pid123.log:")
        self.assertEqual(out[2], "    #  SIGSEGV (0xb) at pc=0x1, pid=123")
        self.assertEqual(len(out), 1 + 2 + 8, "the report's first lines + 8")

    def test_leaves_out_reports_older_than_since_and_says_when_none_failed(self):
        old = time.time() - 3600
        write(self.root, "java-shim/build/test-results/test/TEST-io.aerohadoop.tools.ExportTest.xml",
              FAILED_REPORT, mtime=old)
        write(self.root, "java-shim/hs_err_pid7.log", "# old crash", mtime=old)
        out = run(self.root, "--since", str(old + 60))
        self.assertEqual(len(out), 1)
        self.assertTrue(out[0].startswith("no failed test in the JUnit reports"), out)
        self.assertIn("FAILED java-shim: io.aerohadoop.tools.ExportTest.countsEveryRecord", run(self.root))


if __name__ == "__main__":
    unittest.main()
