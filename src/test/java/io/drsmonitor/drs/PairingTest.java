package io.drsmonitor.drs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Answers are paired with jobs by the id DRS gives; by position only when it gives none and the counts match. */
class PairingTest {
    private static final String A = "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaajb001";
    private static final String B = "bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbjb002";

    private static QueryPreCheckResp result(String precheckId, String process) {
        return new QueryPreCheckResp(precheckId, true, process, "100%", null, "up", List.of(), null, null);
    }

    @Test
    void reorderedAnswersFindTheirJobsByPrecheckIdEvenWhenItIsNotTheJobId() {
        List<JobAnswer<QueryPreCheckResp>> answers = DrsClient.align(List.of(A, B), List.of("pc-of-a", "pc-of-b"),
                List.of(result("pc-of-b", "40%"), result("pc-of-a", "100%")), QueryPreCheckResp::missing);
        assertEquals(A, answers.get(0).jobId());
        assertEquals("pc-of-a", answers.get(0).result().precheckId());
        assertEquals("100%", answers.get(0).result().process());
        assertEquals("pc-of-b", answers.get(1).result().precheckId());
    }

    @Test
    void positionOnlyWithoutIdsAndWithMatchingCounts() {
        List<JobAnswer<QueryPreCheckResp>> byPosition = DrsClient.align(List.of(A, B), List.of(A, B),
                List.of(result(null, "10%"), result(null, "20%")), QueryPreCheckResp::missing);
        assertEquals("10%", byPosition.get(0).result().process());
        assertEquals("20%", byPosition.get(1).result().process());

        List<JobAnswer<QueryPreCheckResp>> fewer = DrsClient.align(List.of(A, B), List.of(A, B),
                List.of(result(null, "10%")), QueryPreCheckResp::missing);
        assertTrue(fewer.stream().allMatch(a -> DrsErrors.NO_RESULT.equals(a.result().errorCode())));
        assertTrue(fewer.get(0).result().errorMsg().contains("without ids"), fewer.get(0).result().errorMsg());
    }

    @Test
    void anAnswerAboutAnotherIdIsNoAnswerAndSaysSo() {
        List<JobAnswer<QueryPreCheckResp>> answers = DrsClient.align(List.of(A, B), List.of(A, B),
                List.of(result(A, "100%"), result("someone-else", "100%")), QueryPreCheckResp::missing);
        assertEquals(A, answers.get(0).result().precheckId());
        assertEquals(DrsErrors.NO_RESULT, answers.get(1).result().errorCode());
        assertTrue(answers.get(1).result().errorMsg().contains(B) && answers.get(1).result().errorMsg().contains("someone-else"),
                answers.get(1).result().errorMsg());
    }
}
