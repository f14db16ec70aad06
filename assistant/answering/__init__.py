"""Hits -> a cited answer: evidence checks, the extractive answer, citations, verification."""
