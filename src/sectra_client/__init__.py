"""sectra-client: a safe, streaming, typed client for the Sectra Image Analysis API."""
