"""One reader per input format, each parsing only its format into a RawBrief.

plaintext  .txt and anything else     markdown  .md, .markdown
html       .html, .htm (saved pages)   docx      .docx, .docm (with mammoth)
odt        .odt (content.xml, as HTML for the html reader's tree walker)

The shared rules they all go through live below them in publish.normalizer; the choice
of reader by file type sits above them in publish.load.
"""
