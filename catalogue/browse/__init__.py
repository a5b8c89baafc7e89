"""The catalogue's browsing pages: home, the filtered catalogue, search and the changes."""
