"""Hits -> a cited answer: whether to answer, the extractive answer, citations, claim checks."""
