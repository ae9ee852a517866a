package io.fmp.eval.scoring;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class AnswerReaderTest {

    private final AnswerReader intents = new AnswerReader(List.of("card_arrival", "card", "pin_blocked",
            "exchange_rate"));

    @Test
    void readsLabelsTheWayAGraderWould() {
        assertEquals("card_arrival", intents.label("card_arrival"));
        assertEquals("card_arrival", intents.label("  Card arrival.\n"), "case, spaces and punctuation");
        assertEquals("pin_blocked", intents.label("pin-blocked: the PIN is locked"), "starts with the label");
        assertEquals("card_arrival", intents.label("card arrival, I think"), "the longest label that starts it");
        assertEquals("exchange_rate", intents.label("I would say this is about the exchange rate"), "one label mentioned");
        assertEquals("card_arrival", intents.label("It is about card arrival"), "'card' inside 'card arrival' is one mention");
        assertNull(intents.label("either card arrival or pin blocked"), "two labels: unreadable, never guessed");
        assertNull(intents.label("no idea"));
        assertNull(intents.label(""));
    }

    @Test
    void readsChoicesByLetterOrText() {
        AnswerReader choices = new AnswerReader(List.of("Paris", "Lyon", "A town in the Alps"));
        assertEquals("Lyon", choices.choice("B"));
        assertEquals("Lyon", choices.choice("(b)"));
        assertEquals("Paris", choices.choice("Answer: A."));
        assertEquals("A town in the Alps", choices.choice("The answer is C"));
        assertEquals("Paris", choices.choice("paris"), "by the choice's text");
        assertEquals("A town in the Alps", choices.choice("A town in the Alps"), "'A ' is not the letter A");
        assertNull(choices.choice("D"), "no fourth choice");
    }
}
