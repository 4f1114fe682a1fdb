package dev.headcount.report.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.headcount.events.ImportanceMapCompleted;
import dev.headcount.events.MaskedModelEvaluated;
import dev.headcount.events.ModelFineTuned;
import dev.headcount.report.TinyExperiment;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.junit.jupiter.api.Test;

/** Provenance survives the trip into a MongoDB document (through BSON bytes) and back. */
class EventDocumentsTest {
    private final TinyExperiment tiny = new TinyExperiment("exp-docs");

    /** Through BSON bytes, as the document is stored and read, not just the in-memory map. */
    private static Document viaBson(Document doc) {
        return new DocumentCodec().decode(new RawBsonDocument(doc, new DocumentCodec()).asBsonReader(),
                org.bson.codecs.DecoderContext.builder().build());
    }

    @Test
    void aMapsProvenanceIsStoredAndReadBack() {
        ImportanceMapCompleted map = tiny.map(TinyExperiment.SPAM);
        Document doc = viaBson(EventDocuments.importance(map));
        Document provenance = doc.get("provenance", Document.class);
        assertEquals(map.provenance().model().sha256(), provenance.get("model", Document.class).getString("sha256"));
        ImportanceMapCompleted back = EventDocuments.event(doc, ImportanceMapCompleted.class);
        assertEquals(map.provenance(), back.provenance());
        assertEquals(map, back);
    }

    @Test
    void fineTunesKeepTheirsAndOlderEvaluationsHaveNone() {
        ModelFineTuned tuned = tiny.fineTunes().get(0);
        assertEquals(tuned.provenance(), EventDocuments.event(viaBson(EventDocuments.fineTune(tuned)),
                ModelFineTuned.class).provenance());
        MaskedModelEvaluated evaluation = tiny.evaluations().get(0);
        assertNull(EventDocuments.event(viaBson(EventDocuments.evaluation(evaluation)), MaskedModelEvaluated.class)
                .provenance());
    }
}
