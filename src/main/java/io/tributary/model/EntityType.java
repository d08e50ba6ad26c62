package io.tributary.model;

/** Kinds of sensitive values the redaction stage detects. */
public enum EntityType {
  EMAIL,
  PHONE,
  CREDIT_CARD,
  US_SSN,
  IBAN,
  IP_ADDRESS,
  /** Credentials: API keys and tokens, private keys, passwords and other secret values. */
  SECRET,
  /** A date of birth: a date stated as one, not any date. */
  DATE_OF_BIRTH,
  /** A person's name, found by dictionary and context in free text. */
  PERSON,
  /** A place: a city, region or country, or a street address. */
  LOCATION,
  /**
   * A national identifier other than the US SSN: a person's tax, social security, health or citizen
   * number (UK NINO, FR NIR, IT codice fiscale, SE personnummer and others), checksummed.
   */
  NATIONAL_ID,
  /** A passport number, named as one by its context. */
  PASSPORT,
  /** A driving-licence number, named as one by its context. */
  DRIVING_LICENCE,
  /** A bank account number that is not an IBAN: found by its field's name only. */
  BANK_ACCOUNT,
  /** A whole field removed by its field policy. */
  DROPPED_FIELD,
  /** A whole field masked by its field policy. */
  MASKED_FIELD,
  /** A whole field replaced by its keyed pseudonym. */
  HASHED_FIELD
}
