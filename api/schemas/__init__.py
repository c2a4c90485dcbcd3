"""Request and response models of the HTTP API (strict: unknown fields are refused)."""
