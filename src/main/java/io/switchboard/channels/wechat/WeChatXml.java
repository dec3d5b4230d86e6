package io.switchboard.channels.wechat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads WeChat's push XML ({@code <xml><ToUserName>...</ToUserName>...</xml>}, one level of
 * elements) into a map of element name to text. Hardened against entity tricks: any DOCTYPE is
 * refused (so no XXE, no external DTD, no billion laughs: WeChat never sends one), external
 * entities and schemas are off, XInclude off, secure processing on. Thread-safe.
 */
public final class WeChatXml {
    /** The body is not the XML WeChat sends. */
    public static final class BadXml extends RuntimeException {
        public BadXml(String message) {
            super(message, null, false, false);
        }
    }

    private static final DocumentBuilderFactory FACTORY = factory();

    private WeChatXml() {
    }

    private static DocumentBuilderFactory factory() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            return f;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a hardening feature", e);
        }
    }

    /** The child elements of the root {@code <xml>} and their text; {@link BadXml} otherwise. */
    public static Map<String, String> parse(byte[] body) {
        org.w3c.dom.Document doc;
        try {
            DocumentBuilder builder = FACTORY.newDocumentBuilder();
            builder.setErrorHandler(null);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are refused");
            });
            doc = builder.parse(new ByteArrayInputStream(body));
        } catch (SAXException | IOException | ParserConfigurationException e) {
            throw new BadXml("not well-formed XML without a DOCTYPE: " + e.getMessage());
        }
        Element root = doc.getDocumentElement();
        if (!"xml".equals(root.getTagName())) {
            throw new BadXml("the root element must be <xml>");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        NodeList children = root.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node node = children.item(i);
            if (node instanceof Element element) {
                fields.put(element.getTagName(), element.getTextContent());
            }
        }
        return fields;
    }
}
