"""Where articles come from: files and folders, HTML pages, URLs and feeds."""
