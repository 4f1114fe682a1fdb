package dev.headcount.report.figures;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Parses an SVG with the JDK's XML parser and finds its elements by class. */
final class SvgAssert {
    private SvgAssert() {
    }

    static Document parse(String svg) {
        assertFalse(svg.contains("NaN"), "NaN written into the SVG");
        assertFalse(svg.contains("Infinity"), "Infinity written into the SVG");
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
            assertEquals("svg", document.getDocumentElement().getLocalName());
            assertEquals("http://www.w3.org/2000/svg", document.getDocumentElement().getNamespaceURI());
            return document;
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + e.getMessage() + "\n" + svg, e);
        }
    }

    /** Elements carrying the class token {@code cssClass}. */
    static List<Element> byClass(Document document, String cssClass) {
        List<Element> out = new ArrayList<>();
        NodeList all = document.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (Arrays.asList(e.getAttribute("class").split(" ")).contains(cssClass)) {
                out.add(e);
            }
        }
        return out;
    }

    static List<String> texts(Document document) {
        List<String> out = new ArrayList<>();
        NodeList texts = document.getElementsByTagNameNS("*", "text");
        for (int i = 0; i < texts.getLength(); i++) {
            out.add(texts.item(i).getTextContent());
        }
        return out;
    }

    static String tooltip(Element e) {
        NodeList titles = e.getElementsByTagNameNS("*", "title");
        return titles.getLength() == 0 ? null : titles.item(0).getTextContent();
    }
}
