"""HTTP transports of our own, below httpx's client: today the large-read transport that makes
slide downloads fast (:mod:`sectra_client._transports._large_reads`)."""

from sectra_client._transports._large_reads import (
    async_large_read_transport,
    large_read_transport,
    ssl_context_for,
)

__all__ = ["async_large_read_transport", "large_read_transport", "ssl_context_for"]
