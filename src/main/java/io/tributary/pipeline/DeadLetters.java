package io.tributary.pipeline;

import io.tributary.model.DeadLetter;

/**
 * Where records that cannot be processed go, with the reason. Contract: thread-safe; the preview it
 * is given is already redacted; returns the dead letter's id.
 */
public interface DeadLetters {

  long add(DeadLetter letter);
}
