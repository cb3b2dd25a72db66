package io.aerohadoop.conformance;

import static org.junit.Assert.assertEquals;

import com.aerospike.client.Bin;
import com.aerospike.client.Key;
import com.aerospike.client.Record;
import com.aerospike.client.ResultCode;
import com.aerospike.client.policy.GenerationPolicy;
import com.aerospike.client.policy.WritePolicy;
import org.junit.Test;

/** C05: generation checks on writes (expect-equal and expect-greater). */
public class C05GenerationTest extends ClusterCase {
    private static WritePolicy gen(GenerationPolicy policy, int generation) {
        WritePolicy p = new WritePolicy();
        p.generationPolicy = policy;
        p.generation = generation;
        return p;
    }

    @Test
    public void expectEqualMismatchIsAGenerationError() {
        Key key = env.key("c05", "eq-mismatch");
        env.client.put(null, key, new Bin("a", 1));
        Errors.expectCode(ResultCode.GENERATION_ERROR,
                () -> env.client.put(gen(GenerationPolicy.EXPECT_GEN_EQUAL, 7), key, new Bin("a", 2)));
        Record r = env.client.get(null, key);
        assertEquals(1L, r.getValue("a"));
        assertEquals(1, r.generation);
    }

    @Test
    public void expectEqualMatchWritesAndBumpsTheGeneration() {
        Key key = env.key("c05", "eq-match");
        env.client.put(null, key, new Bin("a", 1));
        env.client.put(null, key, new Bin("a", 2));
        env.client.put(gen(GenerationPolicy.EXPECT_GEN_EQUAL, 2), key, new Bin("a", 3));
        Record r = env.client.get(null, key);
        assertEquals(3L, r.getValue("a"));
        assertEquals(3, r.generation);
    }

    @Test
    public void expectGreaterAcceptsOnlyAHigherGeneration() {
        Key key = env.key("c05", "gt");
        env.client.put(null, key, new Bin("a", 1));
        env.client.put(null, key, new Bin("a", 2));
        Errors.expectCode(ResultCode.GENERATION_ERROR,
                () -> env.client.put(gen(GenerationPolicy.EXPECT_GEN_GT, 2), key, new Bin("a", 3)));
        env.client.put(gen(GenerationPolicy.EXPECT_GEN_GT, 3), key, new Bin("a", 4));
        Record r = env.client.get(null, key);
        assertEquals(4L, r.getValue("a"));
        assertEquals(3, r.generation);
    }
}
