package org.promptstudio.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

/**
 * Reads a JUnit report as CI does: a strict XML 1.0 parser (any error or warning, such as an illegal character, fails)
 * and the JUnit schema CI publishers check ({@code junit/junit-ci.xsd}, from Jenkins xUnit's junit-10.xsd).
 */
public final class JUnitXml {

    private JUnitXml() {
    }

    /**
     * Parses {@code file} strictly and validates it against the CI schema.
     *
     * @throws AssertionError naming the line, column and reason when the file is not well-formed or not valid
     */
    public static Document parseAndValidate(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            DocumentBuilder builder = f.newDocumentBuilder();
            builder.setErrorHandler(strict(file));
            Document doc = builder.parse(in);
            schema().newValidator().validate(new DOMSource(doc));
            return doc;
        } catch (SAXParseException e) {
            throw new AssertionError(file + ":" + e.getLineNumber() + ":" + e.getColumnNumber() + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new AssertionError(file + ": " + e.getMessage(), e);
        }
    }

    private static Schema schema() throws Exception {
        SchemaFactory sf = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        try (InputStream xsd = JUnitXml.class.getResourceAsStream("/junit/junit-ci.xsd")) {
            return sf.newSchema(new javax.xml.transform.stream.StreamSource(xsd));
        }
    }

    private static ErrorHandler strict(Path file) {
        return new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) throws SAXParseException {
                throw e;
            }

            @Override
            public void error(SAXParseException e) throws SAXParseException {
                throw e;
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXParseException {
                throw e;
            }
        };
    }
}
