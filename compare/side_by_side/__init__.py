"""Comparing frameworks side by side: the pages, canonical URLs, exports and the picker."""
