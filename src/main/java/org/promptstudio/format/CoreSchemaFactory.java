package org.promptstudio.format;

import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.CharArrayReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

/** Jackson's YAML factory with every parser it makes typing plain scalars by the YAML 1.2 core schema. */
final class CoreSchemaFactory extends YAMLFactory {

    private static final long serialVersionUID = 1L;

    CoreSchemaFactory() {
    }

    private CoreSchemaFactory(CoreSchemaFactory source) {
        super(source, null);
    }

    @Override
    public YAMLFactory copy() {
        return new CoreSchemaFactory(this);
    }

    @Override
    protected YAMLParser _createParser(InputStream in, IOContext ctxt) throws IOException {
        return parser(_createReader(in, null, ctxt), ctxt);
    }

    @Override
    protected YAMLParser _createParser(Reader r, IOContext ctxt) throws IOException {
        return parser(r, ctxt);
    }

    @Override
    protected YAMLParser _createParser(char[] data, int offset, int len, IOContext ctxt, boolean recyclable)
            throws IOException {
        return parser(new CharArrayReader(data, offset, len), ctxt);
    }

    @Override
    protected YAMLParser _createParser(byte[] data, int offset, int len, IOContext ctxt) throws IOException {
        return parser(_createReader(data, offset, len, null, ctxt), ctxt);
    }

    private YAMLParser parser(Reader reader, IOContext ctxt) {
        return new CoreSchemaParser(ctxt, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, reader);
    }
}
