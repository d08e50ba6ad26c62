package io.tributary.parse;

import java.io.IOException;

/**
 * A {@link ParseWorker} whose parser hangs or exhausts its heap on request ({@link
 * MisbehavingParser}).
 */
public final class MisbehavingParseWorker {

  private MisbehavingParseWorker() {}

  public static void main(String[] args) throws IOException {
    System.exit(ParseWorker.serve(new TikaExtractor(new MisbehavingParser())));
  }
}
