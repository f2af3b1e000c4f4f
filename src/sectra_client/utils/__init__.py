"""Import paths kept for apps written against ``sectra-image-analysis-api``."""
