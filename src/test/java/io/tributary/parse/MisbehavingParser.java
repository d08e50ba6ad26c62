package io.tributary.parse;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.xml.sax.ContentHandler;

/**
 * Tika's parser, except for two file names: {@code hang.bin} never returns, swallows interrupts and
 * emits no events (a parser stuck in a loop), {@code heap-bomb.bin} allocates until the heap is
 * gone.
 */
final class MisbehavingParser implements Parser {

  static final String HANG = "hang.bin";
  static final String HEAP_BOMB = "heap-bomb.bin";

  /** Lets an in-process hang end, so a test does not leave a thread behind. */
  static volatile boolean released;

  private final Parser tika = new AutoDetectParser();

  @Override
  public Set<MediaType> getSupportedTypes(ParseContext context) {
    return tika.getSupportedTypes(context);
  }

  @Override
  public void parse(
      InputStream stream, ContentHandler handler, Metadata metadata, ParseContext context)
      throws java.io.IOException,
          org.xml.sax.SAXException,
          org.apache.tika.exception.TikaException {
    String name = metadata.get(TikaCoreProperties.RESOURCE_NAME_KEY);
    if (HANG.equals(name)) {
      while (!released) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException ignored) {
          // a runaway parser does not care
        }
      }
      return;
    }
    if (HEAP_BOMB.equals(name)) {
      List<long[]> hoard = new ArrayList<>();
      while (true) {
        hoard.add(new long[1 << 20]);
      }
    }
    tika.parse(stream, handler, metadata, context);
  }
}
