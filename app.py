"""The chat window, launched: `python app.py [--port N ...]` is `newsdesk serve`."""

import sys

from assistant.cli import main

if __name__ == "__main__":
    sys.exit(main(["serve", *sys.argv[1:]]))
