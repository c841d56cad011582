-- Footnotes (`[^1]`) are now rendered as numbered notes at the end of a piece: texts that may
-- hold one are rendered again by `tribune migrate` / `tribune serve` at start, with the pieces
-- published from them (a digest keeps the HTML it was published with).
UPDATE revisions SET body_html = '' WHERE body_markdown LIKE '%[^%';
