"""The shared rules, written once below every reader (publish/readers/).

A reader parses its format into a RawBrief (publish.normalizer.assemble); the rules here
find header facts, notes, pull quotes and notices in it whatever the format, and
`build_document` makes the validated Document. Choosing a reader by file type sits above
both, in publish.load.
"""
