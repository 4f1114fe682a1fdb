package dev.headcount.engine.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Streams the {@code <example>}s out of a LanguageTool rule file (StAX: grammar.xml is 8 MB).
 * The rule id is the {@code <rulegroup>}'s id when the rule sits in a group, else the rule's own.
 * A {@code correction} attribute or {@code type="incorrect"} marks an ungrammatical example;
 * {@code type="triggers_error"} examples (known false alarms) are skipped.
 */
public final class LanguageToolRuleReader {

    public List<LanguageToolExample> read(InputStream xml, String source) throws IOException {
        XMLInputFactory factory = XMLInputFactory.newInstance();
        // the rule files define entities in an internal DTD subset; nothing external is resolved
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, true);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
        List<LanguageToolExample> examples = new ArrayList<>();
        XMLStreamReader reader = null;
        try {
            reader = factory.createXMLStreamReader(xml);
            String category = null;
            String groupId = null;
            String ruleId = null;
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    switch (reader.getLocalName()) {
                        case "category" -> category = reader.getAttributeValue(null, "id");
                        case "rulegroup" -> groupId = reader.getAttributeValue(null, "id");
                        case "rule" -> ruleId = groupId != null ? groupId : reader.getAttributeValue(null, "id");
                        case "example" -> {
                            LanguageToolExample example = example(reader, category, ruleId);
                            if (example != null) examples.add(example);
                        }
                        default -> { }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    switch (reader.getLocalName()) {
                        case "rulegroup" -> groupId = null;
                        case "rule" -> ruleId = groupId;
                        case "category" -> category = null;
                        default -> { }
                    }
                }
            }
        } catch (XMLStreamException e) {
            throw new DataFormatException(source + ": line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNumber())
                    + ": not well-formed rule XML: " + e.getMessage(), e);
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException e) {
                    throw new IOException(source + ": cannot close the XML reader", e);
                }
            }
        }
        return examples;
    }

    /** Reads one example up to its end tag; null for examples that are not used. */
    private static LanguageToolExample example(XMLStreamReader reader, String category, String ruleId) throws XMLStreamException {
        String type = reader.getAttributeValue(null, "type");
        String correction = reader.getAttributeValue(null, "correction");
        StringBuilder before = new StringBuilder();
        StringBuilder marked = new StringBuilder();
        StringBuilder after = new StringBuilder();
        StringBuilder current = before;
        int depth = 1;
        while (depth > 0) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
                if ("marker".equals(reader.getLocalName())) current = marked;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
                if ("marker".equals(reader.getLocalName())) current = after;
            } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                    || event == XMLStreamConstants.SPACE || event == XMLStreamConstants.ENTITY_REFERENCE) {
                current.append(reader.getText());
            }
        }
        if ("triggers_error".equals(type) || ruleId == null) return null;
        boolean incorrect = correction != null || "incorrect".equals(type);
        String sentence = (before.toString() + marked + after).strip();
        String corrected = null;
        if (correction != null && !correction.isEmpty()) {
            String first = correction.split("\\|", -1)[0];
            corrected = (before + first + after).strip().replaceAll(" {2,}", " ");
        }
        return new LanguageToolExample(ruleId, category, sentence, incorrect, corrected);
    }
}
