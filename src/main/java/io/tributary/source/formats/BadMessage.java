package io.tributary.source.formats;

/** A message that is not what its format says; the message names keys, never values. */
final class BadMessage extends RuntimeException {

  private static final long serialVersionUID = 1L;

  BadMessage(String message) {
    super(message, null, false, false);
  }
}
