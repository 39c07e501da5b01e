"""REST API of the register under /api/v1 (organisations, verification requests)."""
