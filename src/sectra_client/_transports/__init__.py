"""HTTP transports of our own, below httpx's client: the large-read transports that make slide
downloads fast, mounted so that httpx still routes requests through the environment's proxies
(:mod:`sectra_client._transports._large_reads`)."""

from sectra_client._transports._large_reads import (
    async_large_read_mounts,
    large_read_mounts,
    ssl_context_for,
)

__all__ = ["async_large_read_mounts", "large_read_mounts", "ssl_context_for"]
