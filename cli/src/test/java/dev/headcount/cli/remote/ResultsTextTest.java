package dev.headcount.cli.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compact terminal rendering of the report-service's JSON report. */
class ResultsTextTest {

    @Test
    void findingsAndTheThreeTables() throws Exception {
        String text = ResultsText.render(new ObjectMapper().readTree(CannedReportService.resource("report.json")));
        assertTrue(text.startsWith("Experiment exp-report: completed — builtin:all-MiniLM-L6-v2, pre-training "
                + "builtin/sotu, downstream builtin/spam\n\nFindings\n- Prunability — builtin/sotu (mlm-accuracy): "), text);
        assertTrue(!text.contains("**"), text);
        assertTrue(text.contains("""
                first         second        spearman  95 % interval   ceiling  kendall  top-25 %  chance
                builtin/sotu  builtin/spam     0.459  [0.101, 0.752]    0.720    0.412     0.500   0.164
                """), text);
        assertTrue(text.contains("""
                evaluated on  pruned by          metric        unpruned  rel. area  95 % interval   kept up to  95 % interval
                builtin/sotu  task:builtin/sotu  mlm-accuracy     0.600      0.488  [0.410, 0.550]        50 %  [25 %, 50 %]
                """), text);
        assertTrue(text.contains("builtin/spam  random (2 seeds)   accuracy         0.900"
                + "      0.431  --                     0 %  --\n"), text);
        assertTrue(text.contains("pruning first  95 % interval     verdict"), text);
        assertTrue(text.contains("0.880         +0.115  [+0.020, +0.210]  pruning-first-better\n"), text);
        // a model that did not learn stands out
        assertTrue(text.contains("pruned-then-finetuned/task:builtin/sotu/0.5/builtin/spam  accuracy  0.520  "
                + "[0.450, 0.600]     0.500  NO\n"), text);
    }

    @Test
    void emptySectionsSaySo() throws Exception {
        String text = ResultsText.render(new ObjectMapper().readTree("{\"experimentId\":\"e\",\"status\":\"running\"}"));
        assertEquals(3, text.split("\\(no results yet\\)", -1).length - 1, text);
    }

    @Test
    void tablesAlignNumbersRight() {
        String table = new TextTable(List.of("name", "value")).row(List.of("a", "1.5")).row(List.of("bb", "--"))
                .row(List.of("c", "12.25")).render();
        assertEquals("name  value\na       1.5\nbb       --\nc     12.25\n", table);
    }
}
