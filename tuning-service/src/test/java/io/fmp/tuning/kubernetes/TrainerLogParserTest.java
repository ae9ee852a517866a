package io.fmp.tuning.kubernetes;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerLogParserTest {

    @Test
    void metricDictionariesInEveryNumberSpellingBecomeMetricsAtTheBarsStep() {
        TrainerLogParser parser = new TrainerLogParser();
        List<TrainerLogParser.Entry> entries = parser.feed(
                "  3%|▎         | 3/100 [00:06<03:14,  2.00s/it]\r"
                        + "{'loss': np.float64(2.5), 'grad_norm': tensor(1.25), 'learning_rate': '2e-05', 'epoch': 0.03}\n"
                        + "{'eval_loss': 2.0, 'eval_mean_token_accuracy': 0.5, 'eval_runtime': 3.1, 'epoch': 1.0}\n"
                        + "{'loss': nan, 'epoch': 1.1}\n");

        assertEquals(new TrainerLogParser.Position(3, 100, 194), entries.get(0));
        TrainerLogParser.Metrics loss = (TrainerLogParser.Metrics) entries.get(1);
        assertEquals(Map.of("loss", 2.5, "grad_norm", 1.25, "learning_rate", 2e-5), loss.values());
        assertEquals(0.03, loss.epoch());
        assertEquals(3, loss.step());
        TrainerLogParser.Metrics evaluation = (TrainerLogParser.Metrics) entries.get(2);
        assertTrue(evaluation.evaluation());
        assertEquals(0.5, evaluation.values().get("eval_mean_token_accuracy"));
        assertTrue(Double.isNaN(((TrainerLogParser.Metrics) entries.get(3)).values().get("loss")));
    }

    @Test
    void onlyTheTrainingBarMovesTheStepAndLinesSplitAcrossChunksWait() {
        TrainerLogParser parser = new TrainerLogParser();
        List<TrainerLogParser.Entry> entries = new ArrayList<>();
        entries.addAll(parser.feed("Loading checkpoint shards: 100%|██████████| 4/4 [00:03<00:00,  1.10it/s]\n"));
        entries.addAll(parser.feed("Map: 100%|██████████| 900/900 [00:00<00:00, 4000.00 examples/s]\n"));
        entries.addAll(parser.feed(" 10%|█         | 20/200 [01:00<09:00,  3.00s/it]\r"));
        // the evaluation loop's own bar: another length, not the training position
        entries.addAll(parser.feed(" 50%|█████     | 5/10 [00:01<00:01,  5.00it/s]\r"));
        entries.addAll(parser.feed("{'eval_loss': 1.9, 'epo"));
        assertEquals(1, entries.size(), "nothing from half a line");
        entries.addAll(parser.feed("ch': 1.0}\n{'train_runtime': 600.0, 'train_loss': 2.1, 'epoch': 3.0}"));
        entries.addAll(parser.finish());

        assertEquals(new TrainerLogParser.Position(20, 200, 540), entries.get(0));
        TrainerLogParser.Metrics evaluation = (TrainerLogParser.Metrics) entries.get(1);
        assertEquals(20, evaluation.step());
        assertEquals(1.9, evaluation.values().get("eval_loss"));
        TrainerLogParser.Metrics summary = (TrainerLogParser.Metrics) entries.get(2);
        assertTrue(summary.summary());
        assertEquals(3.0, summary.epoch());
        assertEquals(3, entries.size());
        assertEquals(-1, TrainerLogParser.seconds("?"));
        assertEquals(3723, TrainerLogParser.seconds("1:02:03"));
    }
}
