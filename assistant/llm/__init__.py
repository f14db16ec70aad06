"""Answers written by an LLM, every citation checked (backends, answerer, condensing)."""
