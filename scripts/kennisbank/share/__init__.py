"""Issue 12, taking the knowledge out: link previews, structured data, feeds, open data, sitemap and robots.

- dates.py: an item's own dates (toegevoegd, bijgewerkt), the one place that decides them;
- structured.py: JSON-LD for item pages and the questions overview (schema.org), safe inside <script>;
- head.py: OpenGraph and Twitter-card tags, the feed link and the JSON-LD, added to every page's <head>;
- feed.py: the Atom feeds (feedgen); opendata.py: data/kennisbank.json, CSV per type, their JSON Schemas
  and the "Open data" page; robots.py: robots.txt and the sitemap's lastmod;
- publish.py: writes all of it into a built site, after the stamp; scan.py: the post-build checks
  of these files (registered with postbuild's OUTPUT_KINDS).
"""
