"""The decision: its state from the URL, its explanation, its pages, exports, feeds and
the scenarios' pages."""
