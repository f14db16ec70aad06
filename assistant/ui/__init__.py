"""The chat window: Gradio layout and handlers, pure rendering, uploads."""
