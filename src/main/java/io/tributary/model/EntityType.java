package io.tributary.model;

/** Kinds of sensitive values the redaction stage detects. */
public enum EntityType {
  EMAIL,
  PHONE,
  CREDIT_CARD,
  US_SSN,
  IBAN,
  IP_ADDRESS,
  /** A whole field removed by its field policy. */
  DROPPED_FIELD,
  /** A whole field masked by its field policy. */
  MASKED_FIELD,
  /** A whole field replaced by its keyed pseudonym. */
  HASHED_FIELD
}
