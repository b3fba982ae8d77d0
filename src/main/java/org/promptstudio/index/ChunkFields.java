package org.promptstudio.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.util.BytesRef;
import org.promptstudio.guard.InjectionCheck;
import org.promptstudio.guard.PiiRedactor;
import org.promptstudio.model.Chunk;
import org.promptstudio.provider.Embeddings;

/**
 * How a chunk and a document record are laid out as Lucene documents, and read back. Both kinds share the
 * {@code source} field (the document's path), so one delete-by-term removes a document and its chunks together.
 */
final class ChunkFields {

    static final String TYPE = "type";
    static final String TYPE_CHUNK = "chunk";
    static final String TYPE_DOCUMENT = "document";
    static final String ID = "id";
    static final String SOURCE = "source";
    static final String POSITION = "position";
    static final String TITLE = "title";
    static final String HEADINGS = "headings";
    static final String TEXT = "text";
    /** The chunk's document title and heading path, indexed for BM25 beside its text, not stored. */
    static final String CONTEXT = "context";
    static final String VECTOR = "vector";
    static final String FLAGGED = "flagged";
    static final String FLAGS = "flags";
    static final String REDACTIONS = "redactions";
    static final String HIDDEN = "hidden";
    static final String TOKENS = "tokens";
    static final String START = "start";
    static final String END = "end";
    static final String MODIFIED = "modified";
    static final String HASH = "hash";
    static final String FORMAT = "format";

    /** Unit-length vectors: the dot product is their cosine, and is cheaper. A zero vector is allowed with it. */
    static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.DOT_PRODUCT;

    private static final char HEADING_SEPARATOR = '\u001f';
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<InjectionCheck.Flag>> FLAG_LIST = new TypeReference<>() {
    };
    private static final TypeReference<List<PiiRedactor.Finding>> FINDING_LIST = new TypeReference<>() {
    };

    /** Text: analysed, stored, with offsets in the postings for the unified highlighter. */
    private static final FieldType TEXT_TYPE = new FieldType();

    static {
        TEXT_TYPE.setTokenized(true);
        TEXT_TYPE.setStored(true);
        TEXT_TYPE.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
        TEXT_TYPE.freeze();
    }

    private ChunkFields() {
    }

    static Document chunkDocument(IndexedChunk indexed) {
        Chunk c = indexed.chunk();
        float[] vector = indexed.vector();
        if (vector == null || vector.length != Embeddings.DIMENSION) {
            throw new IndexException(c.id() + ": the vector has " + (vector == null ? "no" : vector.length)
                    + " dimensions, not " + Embeddings.DIMENSION);
        }
        Document d = new Document();
        d.add(new StringField(TYPE, TYPE_CHUNK, Field.Store.NO));
        d.add(new StringField(ID, c.id(), Field.Store.YES));
        d.add(new SortedDocValuesField(ID, new BytesRef(c.id())));
        d.add(new StringField(SOURCE, c.source(), Field.Store.YES));
        d.add(new StoredField(POSITION, c.position()));
        d.add(new StoredField(TITLE, c.title() == null ? "" : c.title()));
        d.add(new StoredField(HEADINGS, String.join(String.valueOf(HEADING_SEPARATOR), c.headingPath())));
        d.add(new Field(TEXT, c.text(), TEXT_TYPE));
        String header = header(c);
        if (!header.isEmpty()) d.add(new TextField(CONTEXT, header, Field.Store.NO));
        d.add(new KnnFloatVectorField(VECTOR, vector, SIMILARITY));
        d.add(new StringField(FLAGGED, indexed.flagged() ? "1" : "0", Field.Store.NO));
        if (!indexed.flags().isEmpty()) d.add(new StoredField(FLAGS, json(indexed.flags())));
        if (!indexed.redactions().isEmpty()) d.add(new StoredField(REDACTIONS, json(indexed.redactions())));
        d.add(new StoredField(HIDDEN, c.hidden() ? 1 : 0));
        d.add(new StoredField(TOKENS, c.tokens()));
        d.add(new StoredField(START, c.startOffset()));
        d.add(new StoredField(END, c.endOffset()));
        return d;
    }

    /**
     * The chunk's place as one line: its document's title, then its heading path, joined by {@code " > "}; a heading
     * equal to the part before it (a markdown document's first heading is usually its title) is not repeated. Empty
     * when the chunk has neither.
     */
    static String header(Chunk c) {
        List<String> parts = new ArrayList<>();
        if (c.title() != null && !c.title().isBlank()) parts.add(c.title().strip());
        for (String h : c.headingPath()) {
            String s = h == null ? "" : h.strip();
            if (!s.isEmpty() && (parts.isEmpty() || !parts.get(parts.size() - 1).equalsIgnoreCase(s))) parts.add(s);
        }
        return String.join(" > ", parts);
    }

    /**
     * What is embedded for a chunk: its {@link #header} on a line of its own, then its text, so a chunk cut out of
     * the middle of a section still carries what the section is about. The stored and displayed text stays the
     * chunk's own.
     */
    static String embeddedText(Chunk c) {
        String header = header(c);
        return header.isEmpty() ? c.text() : header + "\n" + c.text();
    }

    static Document entryDocument(DocumentEntry e) {
        Document d = new Document();
        d.add(new StringField(TYPE, TYPE_DOCUMENT, Field.Store.NO));
        d.add(new StringField(SOURCE, e.path(), Field.Store.YES));
        d.add(new StoredField(TITLE, e.title() == null ? "" : e.title()));
        if (e.modified() != null) d.add(new StoredField(MODIFIED, e.modified().toString()));
        if (e.contentHash() != null) d.add(new StoredField(HASH, e.contentHash()));
        if (e.format() != null) d.add(new StoredField(FORMAT, e.format().name()));
        return d;
    }

    static DocumentEntry readEntry(Document d) {
        String modified = d.get(MODIFIED);
        String format = d.get(FORMAT);
        return new DocumentEntry(d.get(SOURCE), d.get(TITLE), modified == null ? null : Instant.parse(modified),
                d.get(HASH), format == null ? null : SourceDocument.Format.valueOf(format));
    }

    /** The chunk stored as Lucene document {@code docId} of {@code searcher}, with its vector. */
    static IndexedChunk readChunk(IndexSearcher searcher, StoredFields stored, int docId) throws IOException {
        Document d = stored.document(docId);
        String headings = d.get(HEADINGS);
        List<String> headingPath = headings == null || headings.isEmpty() ? List.of()
                : Arrays.asList(headings.split(String.valueOf(HEADING_SEPARATOR), -1));
        Chunk chunk = new Chunk(d.get(SOURCE), intOf(d, POSITION), d.get(TITLE), headingPath, d.get(TEXT),
                intOf(d, START), intOf(d, END), intOf(d, TOKENS), intOf(d, HIDDEN) == 1);
        String flags = d.get(FLAGS);
        String redactions = d.get(REDACTIONS);
        return new IndexedChunk(chunk, vectorOf(searcher, docId),
                flags == null ? List.of() : read(flags, FLAG_LIST),
                redactions == null ? List.of() : read(redactions, FINDING_LIST));
    }

    private static float[] vectorOf(IndexSearcher searcher, int docId) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(docId, leaves));
        FloatVectorValues values = leaf.reader().getFloatVectorValues(VECTOR);
        int local = docId - leaf.docBase;
        if (values == null || values.advance(local) != local) return new float[Embeddings.DIMENSION];
        return values.vectorValue().clone();
    }

    private static int intOf(Document d, String field) {
        var f = d.getField(field);
        return f == null || f.numericValue() == null ? 0 : f.numericValue().intValue();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IndexException("could not encode " + value + ": " + e.getOriginalMessage(), e);
        }
    }

    private static <T> List<T> read(String json, TypeReference<List<T>> type) {
        try {
            return new ArrayList<>(JSON.readValue(json, type));
        } catch (JsonProcessingException e) {
            throw new IndexException("a stored chunk has unreadable flags or redactions: " + e.getOriginalMessage(), e);
        }
    }
}
