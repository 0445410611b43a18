"""What may be shown: small-number suppression, redaction of free text, inert output."""
