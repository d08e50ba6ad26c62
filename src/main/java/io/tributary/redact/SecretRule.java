package io.tributary.redact;

import java.util.List;

/**
 * One family of secret shapes that {@link SecretDetector} asks, after one {@link SecretScan} of the
 * text that every family shares.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>{@link #find} adds to {@code spans} an {@code int[] {start, end}} for each secret value it
 *       recognises, {@code 0 <= start < end <= text.length()}: the value only, never the word or
 *       key that names it. Spans may come in any order and may overlap each other or those of other
 *       families; the detector sorts and merges them. Adding nothing is the answer for "no secret".
 *   <li>It reads the scan's positions and never changes them, nor the list's existing spans.
 *   <li>It keeps no state between calls: one instance serves every text, from any thread at once.
 *   <li>It is linear in the text's length: patterns are tried only where the scan or a literal
 *       search names a candidate, with bounded reads or possessive quantifiers, so that no text
 *       (see {@code DetectorWorstCaseTest}) makes it quadratic or overflows the stack.
 * </ul>
 */
interface SecretRule {

  /** Adds the spans of the secrets of this family in {@code text}; see the interface's contract. */
  void find(String text, SecretScan scan, List<int[]> spans);
}
