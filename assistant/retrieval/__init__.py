"""Question -> ranked paragraphs: understanding, hybrid search, learned order, reranking."""
