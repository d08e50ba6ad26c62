package io.tributary.parse;

import io.tributary.model.DocumentMarkup;
import io.tributary.model.ParsedDocument;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.UnsupportedFormatException;
import org.apache.tika.exception.ZeroByteFileException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.Office;
import org.apache.tika.metadata.PagedText;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.RecursiveParserWrapper;
import org.apache.tika.parser.ocr.TesseractOCRConfig;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.apache.tika.sax.ContentHandlerFactory;
import org.apache.tika.sax.RecursiveParserWrapperHandler;
import org.xml.sax.ContentHandler;

/**
 * Runs Tika's auto-detecting parser over one file's bytes on the calling thread, attachments and
 * archive entries included (each part its own {@link ParsedDocument}), under a {@link ParseBudget}
 * that content handlers check on every event. Tika's own zip-bomb guard (compression ratio and
 * nesting depth) stays on; OCR is off.
 *
 * <p>Nothing here can stop a parser that loops without producing events: that is the job of the
 * process around it ({@link ParseWorker}, killed by {@link ParseWorkers} at the time limit).
 * Instances are thread-safe.
 */
final class TikaExtractor {

  private final Parser parser;

  TikaExtractor() {
    this(new AutoDetectParser());
  }

  /** With another parser: tests put one that never returns here. */
  TikaExtractor(Parser parser) {
    this.parser = parser;
  }

  /** The file first, then its parts; never empty, never throws for a bad file. */
  List<ParsedDocument> extract(byte[] bytes, String fileName, ParseLimits limits) {
    ParseBudget budget = new ParseBudget(limits.maxChars(), limits.timeout().toNanos());
    RecursiveParserWrapperHandler handler =
        new RecursiveParserWrapperHandler(handlers(budget), limits.maxEmbedded());
    Metadata metadata = new Metadata();
    if (fileName != null) {
      metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
    }
    Throwable failure = parseInto(bytes, handler, metadata);
    if (budget.exceeded() != null) {
      return rejected(budget.exceeded());
    }
    if (failure != null) {
      return rejected(reasonFor(failure, typeOf(handler.getMetadataList(), metadata)));
    }
    List<Metadata> parts = handler.getMetadataList();
    String nesting = tooDeep(parts);
    if (nesting != null) {
      return rejected(nesting);
    }
    String mislabeled = mislabeled(fileName, typeOf(parts, metadata));
    if (mislabeled != null) {
      return rejected(mislabeled);
    }
    if (encryptedMail(parts)) {
      return rejected(
          "encrypted e-mail (PGP or S/MIME): the body cannot be read without the recipient's key");
    }
    return documents(parts);
  }

  /** A PGP or S/MIME message: its parts are ciphertext, not text worth indexing. */
  private static boolean encryptedMail(List<Metadata> parts) {
    for (Metadata m : parts) {
      String type = baseType(m.get(Metadata.CONTENT_TYPE));
      if (type.equals("application/pgp-encrypted")
          || type.equals("application/pkcs7-mime")
          || type.equals("application/x-pkcs7-mime")
          || contentOf(m).contains("-----BEGIN PGP MESSAGE-----")) {
        return true;
      }
    }
    return false;
  }

  /** Attachments inside archives inside attachments: past this depth it is a quine or a bomb. */
  static final int MAX_NESTING = 10;

  private static String tooDeep(List<Metadata> parts) {
    for (Metadata m : parts) {
      // the id path ("/1/3/2") counts nesting; a resource path would also count folders in entry
      // names
      String path = m.get(TikaCoreProperties.EMBEDDED_ID_PATH);
      if (path != null && path.chars().filter(c -> c == '/').count() > MAX_NESTING) {
        return "attachments or archives nested more than "
            + MAX_NESTING
            + " levels deep (a recursive archive such as a zip quine, or a zip bomb)";
      }
    }
    return null;
  }

  private static final Set<String> BINARY_EXTENSIONS =
      Set.of(
          "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "epub", "msg",
          "zip", "7z", "gz", "rtf");

  /** A file named like a binary format whose bytes are plain text is corrupt or mislabeled. */
  private static String mislabeled(String fileName, String detected) {
    if (fileName == null || !detected.equals("text/plain")) {
      return null;
    }
    String ext = fileName.substring(fileName.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    return BINARY_EXTENSIONS.contains(ext) && fileName.contains(".")
        ? "corrupt or mislabeled file: named ."
            + ext
            + " but its content is plain text, not that format"
        : null;
  }

  private static final Set<String> ARCHIVES =
      Set.of(
          "application/zip",
          "application/gzip",
          "application/x-gzip",
          "application/x-tar",
          "application/x-gtar",
          "application/x-7z-compressed",
          "application/x-bzip2",
          "application/x-xz");

  private Throwable parseInto(
      byte[] bytes, RecursiveParserWrapperHandler handler, Metadata metadata) {
    try (TikaInputStream stream = TikaInputStream.get(bytes)) {
      new RecursiveParserWrapper(parser).parse(stream, handler, metadata, context());
      return null;
    } catch (Throwable t) { // a parser bug (StackOverflowError included) rejects this file only
      return t;
    }
  }

  private static ParseContext context() {
    ParseContext context = new ParseContext();
    TesseractOCRConfig ocr = new TesseractOCRConfig();
    ocr.setSkipOcr(true);
    context.set(TesseractOCRConfig.class, ocr);
    PDFParserConfig pdf = new PDFParserConfig();
    pdf.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
    pdf.setExtractInlineImages(false);
    context.set(PDFParserConfig.class, pdf);
    return context;
  }

  private static ContentHandlerFactory handlers(ParseBudget budget) {
    return new ContentHandlerFactory() {
      @Override
      public ContentHandler getNewContentHandler() {
        return new MarkupHandler(budget);
      }

      @Override
      public ContentHandler getNewContentHandler(OutputStream os, Charset charset) {
        return new MarkupHandler(budget);
      }
    };
  }

  /** The file, then each part that has text or failed; parts without text (images) are left out. */
  private static List<ParsedDocument> documents(List<Metadata> parts) {
    List<ParsedDocument> out = new ArrayList<>();
    List<String> partNames = new ArrayList<>();
    Set<String> paths = new HashSet<>();
    for (int i = 1; i < parts.size(); i++) {
      Metadata m = parts.get(i);
      String path = m.get(TikaCoreProperties.EMBEDDED_RESOURCE_PATH);
      path = path == null || path.isBlank() ? "/part-" + i : path;
      // two attachments of one name (two "invoice.pdf") are two parts, in document order
      String unique = path;
      for (int n = 2; !paths.add(unique); n++) {
        unique = path + "#" + n;
      }
      path = unique;
      String type = baseType(m.get(Metadata.CONTENT_TYPE));
      String markup = ARCHIVES.contains(type) ? "" : contentOf(m);
      String failure = m.get(TikaCoreProperties.EMBEDDED_EXCEPTION);
      if (failure != null && markup.isBlank()) {
        out.add(
            new ParsedDocument(
                path, properties(m), "", reasonFromTrace(failure, m.get(Metadata.CONTENT_TYPE))));
        partNames.add(nameOf(path));
      } else if (hasBody(markup)) {
        out.add(new ParsedDocument(path, properties(m), markup, null));
        partNames.add(nameOf(path));
      }
    }
    Metadata root = parts.get(0);
    String markup = contentOf(root);
    if (!partNames.isEmpty()) {
      markup =
          markup + DocumentMarkup.paragraph("Attachments: " + String.join(", ", partNames)) + "\n";
    }
    String rejection =
        !hasBody(markup)
            ? "no extractable text ("
                + baseType(root.get(Metadata.CONTENT_TYPE))
                + "; an image-only or empty document — OCR is off)"
            : null;
    out.add(
        0, new ParsedDocument("", properties(root), rejection == null ? markup : "", rejection));
    return out;
  }

  /** Text beyond headings: a spreadsheet with only its sheet names is empty. */
  private static boolean hasBody(String markup) {
    return markup
        .lines()
        .anyMatch(
            l ->
                !l.isBlank()
                    && DocumentMarkup.kindOf(l) != DocumentMarkup.Block.HEADING
                    && DocumentMarkup.kindOf(l) != DocumentMarkup.Block.PAGE_BREAK);
  }

  private static String contentOf(Metadata m) {
    String content = m.get(TikaCoreProperties.TIKA_CONTENT);
    return content == null ? "" : content;
  }

  private static String nameOf(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static Map<String, String> properties(Metadata m) {
    Map<String, String> p = new LinkedHashMap<>();
    put(p, "title", m.get(TikaCoreProperties.TITLE));
    put(p, "author", m.get(TikaCoreProperties.CREATOR));
    put(p, "created", m.get(TikaCoreProperties.CREATED));
    put(p, "modified", m.get(TikaCoreProperties.MODIFIED));
    put(p, "contentType", baseType(m.get(Metadata.CONTENT_TYPE)));
    put(p, "language", m.get(TikaCoreProperties.LANGUAGE));
    String pages =
        firstOf(m.get(PagedText.N_PAGES), m.get(Office.PAGE_COUNT), m.get(Office.SLIDE_COUNT));
    put(p, "pages", pages);
    return p;
  }

  private static String firstOf(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  private static void put(Map<String, String> p, String key, String value) {
    if (value != null && !value.isBlank()) {
      p.put(key, DocumentMarkup.flatten(value));
    }
  }

  private static String baseType(String contentType) {
    if (contentType == null) {
      return "unknown type";
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi))
        .strip()
        .toLowerCase(Locale.ROOT);
  }

  private static String typeOf(List<Metadata> parts, Metadata metadata) {
    String type =
        parts.isEmpty()
            ? metadata.get(Metadata.CONTENT_TYPE)
            : parts.get(0).get(Metadata.CONTENT_TYPE);
    return baseType(type);
  }

  /** A reason a user accepts, naming the kind of failure, never the content. */
  static String reasonFor(Throwable failure, String type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ParseBudget.Exceeded) {
        return t.getMessage();
      }
      if (t instanceof EncryptedDocumentException) {
        return "encrypted or password-protected " + type + " (no password is configured)";
      }
      if (t instanceof ZeroByteFileException) {
        return "empty file (0 bytes)";
      }
      if (t instanceof UnsupportedFormatException) {
        return "unsupported format: " + type;
      }
      String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (message.contains("zip bomb")) {
        return "suspected zip bomb (compression ratio or nesting depth over Tika's limits)";
      }
      if (t instanceof StackOverflowError || t instanceof OutOfMemoryError) {
        return "the " + type + " parser failed on this file (" + t.getClass().getSimpleName() + ")";
      }
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return "corrupt or truncated "
        + type
        + " file: it could not be parsed ("
        + root.getClass().getSimpleName()
        + ")";
  }

  /** The same classification for an attachment, from the stack trace Tika records for it. */
  static String reasonFromTrace(String trace, String contentType) {
    String type = baseType(contentType);
    if (trace.contains("EncryptedDocumentException")) {
      return "encrypted or password-protected " + type + " (no password is configured)";
    }
    if (trace.toLowerCase(Locale.ROOT).contains("zip bomb")) {
      return "suspected zip bomb (compression ratio or nesting depth over Tika's limits)";
    }
    if (trace.contains("ZeroByteFileException")) {
      return "empty attachment (0 bytes)";
    }
    String first = trace.lines().findFirst().orElse("");
    int colon = first.indexOf(':');
    String cls = colon < 0 ? first : first.substring(0, colon);
    return "corrupt or truncated "
        + type
        + " attachment: it could not be parsed ("
        + cls.substring(cls.lastIndexOf('.') + 1).strip()
        + ")";
  }

  static List<ParsedDocument> rejected(String reason) {
    return List.of(new ParsedDocument("", Map.of(), "", reason));
  }
}
