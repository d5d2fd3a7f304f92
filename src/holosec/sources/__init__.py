"""Readers that turn each source's files into holosec's Event and Article records."""
