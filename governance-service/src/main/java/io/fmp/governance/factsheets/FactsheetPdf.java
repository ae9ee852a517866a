package io.fmp.governance.factsheets;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A factsheet's HTML laid out as a PDF (Open HTML to PDF over Apache PDFBox, its standard fonts). The PDF is a
 * rendering of a version whose Markdown is content-hashed and audited, so it carries that SHA-256, not one of
 * its own (PDF files embed ids and times that change from one rendering to the next).
 */
public final class FactsheetPdf {

    private FactsheetPdf() {
    }

    public static byte[] render(String html) {
        try (ByteArrayOutputStream pdf = new ByteArrayOutputStream()) {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.withHtmlContent(html, null);
            builder.toStream(pdf);
            builder.run();
            return pdf.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("the factsheet could not be laid out as a PDF", e);
        }
    }
}
