package org.promptstudio.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Blocks of a PDF, read with PDFBox: the text of each page in reading order, split into paragraphs where PDFBox sees
 * a paragraph break or a blank line; the lines of a paragraph are joined with spaces (a PDF breaks lines for layout).
 * A PDF has no reliable headings, so every block is a paragraph. The title is the document information's title. A
 * PDF that needs a password, forbids text extraction, is damaged, or holds no text (a scan) is refused.
 */
final class PdfBlocks {

    private PdfBlocks() {
    }

    static DocumentReader.Read read(byte[] bytes, String rel) {
        try (PDDocument pdf = Loader.loadPDF(bytes)) {
            if (pdf.isEncrypted() && !pdf.getCurrentAccessPermission().canExtractContent()) {
                throw DocumentReader.skipped(rel, "the PDF does not allow copying its text");
            }
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            stripper.setLineSeparator("\n");
            stripper.setParagraphEnd("\n\n");
            List<SourceDocument.Block> blocks = new ArrayList<>();
            for (int page = 1; page <= pdf.getNumberOfPages(); page++) {
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                String text = stripper.getText(pdf).replace("\r\n", "\n").replace('\r', '\n');
                for (String paragraph : text.split("\\n[ \\t\\f]*\\n")) {
                    String joined = DocumentReader.oneLine(paragraph);
                    if (!joined.isEmpty()) {
                        blocks.add(new SourceDocument.Block(SourceDocument.Kind.PARAGRAPH, 0, joined, false));
                    }
                }
            }
            if (blocks.isEmpty()) throw DocumentReader.skipped(rel, "the PDF holds no text (a scanned image?)");
            PDDocumentInformation info = pdf.getDocumentInformation();
            String title = info == null ? null : info.getTitle();
            return new DocumentReader.Read(title, blocks);
        } catch (InvalidPasswordException e) {
            throw DocumentReader.skipped(rel, "the PDF is protected by a password", e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof IndexException ie) throw ie;
            throw DocumentReader.skipped(rel, "damaged or not a PDF", e);
        }
    }
}
