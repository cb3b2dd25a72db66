package io.aerohadoop.tools;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;

/**
 * Text lines, one split per file, so that a mapper counting its lines knows each line's number
 * in the file: an error can then name "line 1234 of file", not a byte offset.
 */
public final class LineNumberedInputFormat extends TextInputFormat {
    @Override
    protected boolean isSplitable(JobContext context, Path file) {
        return false;
    }
}
