"""RSS/Atom feeds: polling with conditional GET and back-off, item de-duplication, article fetching."""
